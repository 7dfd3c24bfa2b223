/**
 * Proof of work at issuance (issue 10, optional per server: CONSULT_ISSUANCE_PROOF). The kept
 * library altcha-lib makes and checks the challenges (its v1 format: SHA-256 over salt + number,
 * HMAC-signed). What it leaves to us: the challenge names its consultation (a salt parameter, so
 * covered by the hash and the signature), it expires by our clock (`now`, simulated in tests), and
 * it serves once, recorded in the database until it expires so every process refuses a replay.
 * Why it is off by default and what the difficulty costs: docs/decisions.md, docs/server.md.
 */
import { randomBytes } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import type { ProofChallenge, ProofOfWork } from 'consult-widgets/protocol';
import type { Storage } from '../storage/storage.js';

export interface ProofOptions {
  /** The largest number a challenge may hide: a browser tries half of them on average. */
  maxNumber: number;
  /** How long a challenge may be solved and used. */
  expiresMs: number;
}

/** 20,000: about 0.3 to 0.7 s on average in this machine's Chromium, 1.3 s at worst (docs/server.md has the figures). */
export const DEFAULT_PROOF: ProofOptions = { maxNumber: 20_000, expiresMs: 5 * 60_000 };

/** Why a proof is refused; `valid` issues. `stale`: expired or already used, a fresh challenge is the answer. */
export type ProofCheck = 'valid' | 'wrong' | 'other-consultation' | 'stale';

export class IssuanceProof {
  constructor(
    private readonly storage: Storage,
    private readonly hmacKey: string,
    readonly options: ProofOptions,
    private readonly now: () => number = Date.now,
  ) {}

  static async open(storage: Storage, options: ProofOptions, now: () => number = Date.now): Promise<IssuanceProof> {
    const key = await storage.serverSecret('issuance-proofs', randomBytes(32).toString('base64url'));
    return new IssuanceProof(storage, key, options, now);
  }

  async challenge(consultationId: string): Promise<ProofChallenge> {
    const made = await createChallenge({
      hmacKey: this.hmacKey,
      maxNumber: this.options.maxNumber,
      expires: new Date(this.now() + this.options.expiresMs),
      params: { consultationId },
    });
    return { algorithm: 'SHA-256', challenge: made.challenge, maxnumber: this.options.maxNumber, salt: made.salt, signature: made.signature };
  }

  async check(proof: ProofOfWork, consultationId: string): Promise<ProofCheck> {
    // The hash and the signature first: nothing below is believed before they hold.
    if (!(await verifySolution(proof, this.hmacKey, false))) return 'wrong';
    const params = extractParams(proof);
    if (params.consultationId !== consultationId) return 'other-consultation';
    const expiresAt = Number(params.expires) * 1000;
    if (!Number.isFinite(expiresAt)) return 'wrong';
    if (expiresAt < this.now()) return 'stale';
    return (await this.storage.issuance.useChallenge(proof.challenge, expiresAt, this.now())) ? 'valid' : 'stale';
  }
}
