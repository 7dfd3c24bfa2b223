/**
 * A consultation's results, computed once per version (results-cache.ts) and shared by the public
 * `GET /consultations/{id}/results` and the admin dashboard (issue 12): a console refreshing every
 * few seconds costs no computation the results page has not already paid for.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AdminConsultation } from 'consult-widgets/protocol/admin';
import type { ConsultationResults } from 'consult-widgets/protocol';
import { computeResults, countedRows } from 'consult-widgets/method';
import type { Storage } from '../storage/storage.js';
import { answerCache, prepare, type Prepared } from './results-cache.js';

/** `consultation` reads the consultation (and throws 404 for an unknown id) when a computation starts. */
export function cachedResults(storage: Storage, consultationId: string, consultation: () => Promise<AdminConsultation>): Promise<Prepared<ConsultationResults>> {
  return answerCache(storage).get(consultationId, 'results', async () => {
    const c = await consultation();
    // Untrusted votes counted or left out as the consultation chose (issue 10), stated either
    // way; votes of excluded cohorts left out, stated while any exclusion is in force.
    const [all, excludedParts, exclusions] = await Promise.all([storage.results(c.id), storage.excludedVotes(c.id), storage.cohortExclusions(c.id)]);
    const withExcluded = excludedParts.size ? all.map((row) => ({ ...row, excluded: excludedParts.get(row.proposalId) })) : all;
    const { rows, untrusted, excludedVotes } = countedRows(withExcluded, c.countUntrusted ?? true);
    const cohorts = exclusions.filter((e) => e.restoredAt === null).length;
    await nextTurn();
    const excluded = cohorts ? { excluded: { votes: excludedVotes, cohorts } } : {};
    return prepare({ ...computeResults({ consultationId: c.id, counts: c.counts, rows }), untrusted, ...excluded });
  });
}
