/** The settings tab's calls (issue 12): an admin edits a consultation, opens or closes it, adds proposals in bulk. */
import * as z from 'zod/mini';
import { AdminConsultationView, BulkProposalsResult, BulkRefusal, type BulkLineError, type ConsultationPatch } from 'consult-widgets/protocol/admin';
import { ConsoleError, safeJson, type AdminApi } from './api.js';

/** The consultation with its phase now, as the server computes it. */
export async function consultationView(api: AdminApi, id: string, signal?: AbortSignal): Promise<AdminConsultationView> {
  return api.call(`/consultations/${encodeURIComponent(id)}`, AdminConsultationView, { signal });
}

/** Only the fields sent change. No version check on the server: the view compares before it sends. */
export async function patchConsultation(api: AdminApi, id: string, patch: ConsultationPatch): Promise<AdminConsultationView> {
  return api.call(`/consultations/${encodeURIComponent(id)}`, AdminConsultationView, { method: 'PATCH', body: patch });
}

export async function setStatus(api: AdminApi, id: string, status: 'open' | 'closed'): Promise<void> {
  await api.call(`/consultations/${encodeURIComponent(id)}/status`, z.unknown(), { method: 'PUT', body: { status } });
}

/**
 * Proposals as CSV text, parsed by the server: checked only (`dryRun`) or added, all or none. A
 * refusal of some lines (422 with `lines`) is an answer, not a failure: the view shows each line.
 */
export async function bulkProposals(api: AdminApi, id: string, csv: string, dryRun: boolean, signal?: AbortSignal): Promise<{ added: number } | { refused: BulkLineError[] }> {
  const path = `/consultations/${encodeURIComponent(id)}/proposals${dryRun ? '?dryRun=true' : ''}`;
  const response = await api.fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'text/csv; charset=utf-8' },
    body: csv,
    signal: signal ?? null,
  });
  if (response.status === 422) {
    const text = await response.text();
    const refusal = z.safeParse(BulkRefusal, safeJson(text));
    if (refusal.success) return { refused: refusal.data.lines };
    throw new ConsoleError(422, 'unprocessable', text.slice(0, 300));
  }
  return { added: (await api.parse(response, BulkProposalsResult, path)).added };
}
