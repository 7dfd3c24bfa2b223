/**
 * Where a vote came from, privately (issue 10): a keyed hash of the client's address key (IPv4
 * address, IPv6 /64: address.ts), never the address. One function makes every such hash, for the
 * logs (a key in memory) and for vote rows (`OriginKeys`, a key in the database). Each key serves
 * one UTC day and is then deleted: hashes of one day can be grouped, and once their key is gone
 * nobody, the operator with the whole database included, can link one to an address or to
 * another day's. Vote rows lose their hash after the retention (`purge`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Storage } from '../storage/storage.js';
import { addressKey, DEFAULT_IPV6_PREFIX } from './address.js';

/** 16 hex digits (64 bits) of HMAC-SHA-256(key, address key): enough to tell a day's sources apart. */
export function keyedAddressHash(key: Buffer, ip: string, ipv6Prefix = DEFAULT_IPV6_PREFIX): string {
  return createHmac('sha256', key).update(addressKey(ip, ipv6Prefix)).digest('hex').slice(0, 16);
}

/** The UTC day of an instant (ms since the epoch), the lifetime of a key. */
export const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);

/** How long vote rows keep their origin hash by default (docs/decisions.md "Issue 10: cohorts"). */
export const DEFAULT_ORIGIN_RETENTION_DAYS = 7;
const DAY_MS = 86_400_000;
const KEY_PREFIX = 'origin-key:';

/**
 * Today's origin key, shared by every process on one database (`storage.serverSecret`: the first
 * process to need a day's key stores it). Hashing is one HMAC; only the first write of a day in
 * a process reads the database.
 */
export class OriginKeys {
  private current: { day: string; key: Buffer } | null = null;
  private loading: Promise<Buffer> | null = null;

  constructor(
    private readonly storage: Pick<Storage, 'serverSecret' | 'purgeOrigins'>,
    private readonly ipv6Prefix = DEFAULT_IPV6_PREFIX,
    private readonly retentionDays = DEFAULT_ORIGIN_RETENTION_DAYS,
  ) {}

  /** The origin hash of `ip` at `now`: a string, or a promise of one when the day's key is not loaded yet. */
  hash(ip: string, now: number): string | Promise<string> {
    const day = utcDay(now);
    if (this.current?.day === day) return keyedAddressHash(this.current.key, ip, this.ipv6Prefix);
    return this.load(day).then((key) => keyedAddressHash(key, ip, this.ipv6Prefix));
  }

  private load(day: string): Promise<Buffer> {
    this.loading ??= this.storage
      .serverSecret(`${KEY_PREFIX}${day}`, randomBytes(32).toString('base64'))
      .then((value) => {
        const key = Buffer.from(value, 'base64');
        this.current = { day, key };
        return key;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }

  /**
   * Deletes every origin key but today's and the origin hashes received before the retention
   * (`retentionDays` 0: every hash). Answers the number of vote rows that lost theirs.
   */
  async purge(now = Date.now()): Promise<number> {
    return this.storage.purgeOrigins(now - this.retentionDays * DAY_MS, KEY_PREFIX, `${KEY_PREFIX}${utcDay(now)}`);
  }
}
