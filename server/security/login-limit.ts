/**
 * Login attempts limited per email and per client address (issue 12), shared by every process
 * on the database (storage.accounts.takeLoginAttempt: the sliding window of the issuance budget).
 * Both are keyed hashes under a server secret: the table never holds an address or an email.
 * The address is checked first, so one address trying many emails spends its own budget and not
 * theirs; many addresses trying one email meet that email's budget. Unknown emails count like
 * known ones: the limit says nothing of which exist.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Storage } from '../storage/storage.js';
import { addressKey } from './address.js';

export interface LoginLimits {
  /** Attempts per email per window (default 10). */
  perEmail: number;
  /** Attempts per address (IPv4, IPv6 prefix) per window (default 30). */
  perAddress: number;
  /** Default 15 minutes. */
  windowMs: number;
}
export const DEFAULT_LOGIN_LIMITS: LoginLimits = Object.freeze({ perEmail: 10, perAddress: 30, windowMs: 15 * 60_000 });

export class LoginLimiter {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly limits: LoginLimits,
    private readonly ipv6Prefix: number,
    private readonly now: () => number,
  ) {}

  private hash(kind: string, value: string): Promise<string> {
    this.key ??= this.storage.serverSecret('login-limits', randomBytes(32).toString('base64url')).then((k) => Buffer.from(k, 'base64url'));
    return this.key.then((key) => createHmac('sha256', key).update(`${kind}:${value}`).digest('base64url').slice(0, 32));
  }

  /** One attempt from `ip` (and for `email`, if given): 0, or the seconds to wait. */
  async take(ip: string, email?: string): Promise<number> {
    const { windowMs, perAddress, perEmail } = this.limits;
    const at = this.now();
    let waitMs = await this.storage.accounts.takeLoginAttempt(await this.hash('address', addressKey(ip, this.ipv6Prefix)), at, windowMs, perAddress);
    if (!waitMs && email !== undefined) waitMs = await this.storage.accounts.takeLoginAttempt(await this.hash('email', email), at, windowMs, perEmail);
    return waitMs ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }
}
