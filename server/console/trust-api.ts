/** The trust tab's calls (issue 12), in its own chunk with the schemas they check answers with. */
import { AdminCohorts, CohortExclusionAnswer, CohortRestorationAnswer, type CohortExclusion } from 'consult-widgets/protocol/admin';
import type { AdminApi } from './api.js';

export async function cohorts(api: AdminApi, consultationId: string, signal?: AbortSignal): Promise<AdminCohorts> {
  return api.call(`/consultations/${encodeURIComponent(consultationId)}/cohorts`, AdminCohorts, { signal });
}

/** The server records the session's operator as who decided; `reason` is published with the exclusion. */
export async function decideCohort(api: AdminApi, consultationId: string, cohortId: string, action: 'exclusion' | 'restoration', reason: string): Promise<CohortExclusion> {
  const path = `/consultations/${encodeURIComponent(consultationId)}/cohorts/${encodeURIComponent(cohortId)}/${action}`;
  const init = { method: 'POST', body: { reason } } as const;
  return (action === 'exclusion' ? await api.call(path, CohortExclusionAnswer, init) : await api.call(path, CohortRestorationAnswer, init)).exclusion;
}

