/**
 * Server-issued participants (docs/server.md, "Participants and tokens"). The id is random with the
 * protocol's `i_` prefix; the token binds it to an expiry with an HMAC under the issuing key, so a
 * check is one HMAC and no database read. Nothing is stored at issuance. Like a browser's own
 * anonymous id, one issued id serves every consultation of this server (a page may show several);
 * the consultation named at issuance is checked (origin, status, host-signed only), and each
 * consultation's rules apply again at every request.
 *
 * Token: `i1.<expiry, seconds since the epoch>.<base64url HMAC-SHA256 of "i1.<participantId>.<expiry>">`.
 * Unlike host-signed tokens (signing.ts) nobody outside this server makes them: the format may change.
 *
 * The key is generated once and stored in the database (`server_secrets`), so every process on one
 * PostgreSQL signs and checks alike without configuration. With CONSULT_SIGNING_SECRET set, the key
 * is an HMAC of the stored secret under it: a copy of the database alone then forges nothing.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ISSUED_PARTICIPANT_PREFIX } from 'consult-widgets/protocol';
import { addressKey, DEFAULT_IPV6_PREFIX } from './address.js';
import type { Storage } from '../storage/storage.js';
import type { ProofOptions } from './issuance-proof.js';
import type { TokenCheck } from './signing.js';

export interface IssuanceOptions {
  /** Identities one client address (IPv4 /32, IPv6 prefix) may obtain per window. */
  perAddress: number;
  windowMs: number;
  /** How long an issued token is valid. */
  tokenDays: number;
  ipv6Prefix: number;
  /** Proof of work before issuance (issuance-proof.ts); `false` (default): none asked. */
  proof: false | ProofOptions;
}

/**
 * 60 an hour: two classes of 30 behind one school NAT take part in an hour, while one address
 * alone cannot issue the 119 identities that would move the seed's most fragile popular idea
 * (docs/server.md "What counts in the results", docs/decisions.md).
 */
export const DEFAULT_ISSUANCE: IssuanceOptions = { perAddress: 60, windowMs: 3_600_000, tokenDays: 365, ipv6Prefix: DEFAULT_IPV6_PREFIX, proof: false };

const mac = (key: Buffer, participantId: string, expiry: number) =>
  createHmac('sha256', key).update(`i1.${participantId}.${expiry}`).digest('base64url');

/** The issuing key: the stored secret, keyed by the signing secret when there is one. */
export async function issuingKey(storage: Storage, signingSecret: string | undefined): Promise<Buffer> {
  const stored = Buffer.from(await storage.serverSecret('participant-tokens', randomBytes(32).toString('base64url')), 'base64url');
  return signingSecret ? createHmac('sha256', signingSecret).update('issued participants').update(stored).digest() : stored;
}

export function issueParticipant(key: Buffer, tokenDays: number, now = Date.now()) {
  const participantId = `${ISSUED_PARTICIPANT_PREFIX}${randomBytes(16).toString('base64url')}`;
  const expiry = Math.floor(now / 1000) + Math.round(tokenDays * 86_400);
  const token = `i1.${expiry}.${mac(key, participantId, expiry)}`;
  return { participantId, token, expiresAt: new Date(expiry * 1000).toISOString() };
}

export function checkIssuedToken(key: Buffer, token: string, participantId: string, now = Date.now()): TokenCheck {
  const match = /^i1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const expiry = Number(match[1]);
  const expected = Buffer.from(mac(key, participantId, expiry));
  if (!timingSafeEqual(expected, Buffer.from(match[2]!))) return 'invalid';
  return expiry * 1000 < now ? 'expired' : 'valid';
}

/**
 * The issuance budget per client address, in a sliding window (the arithmetic of
 * sliding-window.ts) kept in the database, so every process on one database counts the same
 * places (storage/issuance-tables.ts). The address key is stored as a keyed hash: HMAC under a
 * secret stored in the database, its rows deleted once their window has passed (docs/server.md).
 */
export class IssuanceBudget {
  constructor(
    private readonly storage: Storage,
    private readonly key: Buffer,
    private readonly options: IssuanceOptions,
    private readonly now: () => number = Date.now,
  ) {}

  static async open(storage: Storage, options: IssuanceOptions, now: () => number = Date.now): Promise<IssuanceBudget> {
    const key = Buffer.from(await storage.serverSecret('issuance-addresses', randomBytes(32).toString('base64url')), 'base64url');
    return new IssuanceBudget(storage, key, options, now);
  }

  /** Takes one place for this address: 0, or the seconds to wait when it has used its budget. */
  async take(ip: string): Promise<number> {
    const hash = createHmac('sha256', this.key).update(addressKey(ip, this.options.ipv6Prefix)).digest('base64url').slice(0, 32);
    const waitMs = await this.storage.issuance.take(hash, this.now(), this.options.windowMs, this.options.perAddress);
    return waitMs ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }
}
