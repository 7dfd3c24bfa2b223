/**
 * Operator passwords, hashed with node:crypto's scrypt (no native build, no new dependency).
 * Parameters: OWASP's Password Storage Cheat Sheet minimum for scrypt, N = 2^17, r = 8, p = 1
 * (128 MiB and about 0.2–1.5 s per hash depending on the machine), a 16-byte random salt per
 * password, a 32-byte key. The stored string carries them all
 * (`scrypt$<log2 N>$<r>$<p>$<salt b64url>$<key b64url>`), so raising them later still verifies
 * old hashes. Each hash takes 128 MiB: at most two run at once per process, the others wait.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  /** log2 of N, the CPU and memory cost. */
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = Object.freeze({ logN: 17, r: 8, p: 1 });
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const AT_ONCE = 2;

let running = 0;
const waiting: Array<() => void> = [];

/** scrypt, at most AT_ONCE at a time in this process. */
async function derive(password: string, salt: Buffer, { logN, r, p }: ScryptCost): Promise<Buffer> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    const N = 2 ** logN;
    // scrypt needs 128·N·r bytes; node refuses over `maxmem` (32 MiB by default).
    const maxmem = 128 * N * r + 16 * 1024 * 1024;
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key))),
    );
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * Whether `password` matches `stored`. With `stored` null (no such operator, or no password yet)
 * a hash is computed all the same and the answer is false: a wrong email takes as long as a
 * wrong password.
 */
export async function verifyPassword(password: string, stored: string | null, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<boolean> {
  const match = stored === null ? null : STORED.exec(stored);
  if (!match) {
    await derive(password, randomBytes(SALT_BYTES), cost);
    return false;
  }
  const expected = Buffer.from(match[5]!, 'base64url');
  const key = await derive(password, Buffer.from(match[4]!, 'base64url'), { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
