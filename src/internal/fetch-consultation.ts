import type { ConsultAdapter } from '../adapters/adapter.js';
import { checked } from '../adapters/checked.js';
import { Consultation } from '../protocol/index.js';
import { coalesceAbortable } from './coalesce-abortable.js';

/**
 * The consultation, checked against protocol v1. Cards and widgets of one consultation loading at
 * the same time share the call; `signal` is the asking element's load (see `coalesceAbortable`).
 */
export function fetchConsultation(adapter: ConsultAdapter, consultationId: string, signal?: AbortSignal): Promise<Consultation> {
  return coalesceAbortable(
    adapter,
    `consultation:${consultationId}`,
    (shared) => checked(Consultation, 'consultation', () => adapter.getConsultation(consultationId, { signal: shared })),
    signal,
  );
}
