/**
 * Proof of work for a backend that asks one before issuing a participant (protocol v1.1, 428
 * `proof_required`): a challenge fetched, solved with the kept library altcha-lib (its v1 solver:
 * Web Crypto SHA-256, one digest at a time, so the page stays responsive), and sent back. Imported
 * lazily by issued.ts: pages whose backend asks no proof never load it.
 */
import { solveChallenge } from 'altcha-lib/v1';
import { PATHS, ProofChallenge, type ProofOfWork } from '../protocol/index.js';
import { ConsultError } from './errors.js';
import { request, type HttpOptions } from './http.js';

export async function proveWork(http: HttpOptions, consultationId: string): Promise<ProofOfWork> {
  const path = `${PATHS.getIssuanceChallenge}?consultationId=${encodeURIComponent(consultationId)}`;
  const { maxnumber, ...challenge } = await request(http, { method: 'GET', path }, ProofChallenge);
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, maxnumber).promise;
  if (!solution) throw new ConsultError('bad_response', `The proof-of-work challenge of ${http.endpoint} has no solution up to ${maxnumber}.`);
  return { ...challenge, number: solution.number };
}
