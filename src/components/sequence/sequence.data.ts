import type { ConsultAdapter } from '../../adapters/adapter.js';
import { checked } from '../../adapters/checked.js';
import { ConsultError } from '../../adapters/errors.js';
import { fetchConsultation } from '../../internal/fetch-consultation.js';
import { SequenceResult, type Consultation } from '../../protocol/index.js';

export interface SequenceRequest {
  adapter: ConsultAdapter;
  consultationId: string;
  participantId: string;
  size: number;
  /** Message of the `unsupported` error when the adapter has no `getSequence`. */
  unsupported: string;
  /** Proposal ids of a sequence resumed from storage: the adapter is not asked for new ones. */
  resumedIds?: string[];
  /** The asking sequence's load (for `getConsultation`): aborted when a newer load starts or the sequence leaves the page. */
  signal?: AbortSignal;
}

export interface SequenceData {
  consultation: Consultation;
  /** The proposals to show, in order; empty for a closed consultation. */
  proposalIds: string[];
}

/** The consultation and the proposals of the participant's sequence, checked against protocol v1. */
export async function fetchSequenceData(r: SequenceRequest): Promise<SequenceData> {
  const { adapter, consultationId } = r;
  const consultationCall = fetchConsultation(adapter, consultationId, r.signal);
  // Both questions at once: the intro card needs the answer to both.
  const sequenceCall = r.resumedIds ? Promise.resolve(r.resumedIds) : fetchProposalIds(r);
  // A closed consultation shows results: its sequence, or the lack of one, does not matter.
  sequenceCall.catch(() => undefined);
  const consultation = await consultationCall;
  if (consultation.status === 'closed') return { consultation, proposalIds: [] };
  return { consultation, proposalIds: await sequenceCall };
}

async function fetchProposalIds(r: SequenceRequest): Promise<string[]> {
  const { adapter, consultationId, participantId, size } = r;
  if (typeof adapter.getSequence !== 'function') throw new ConsultError('unsupported', r.unsupported);
  const { items } = await checked(SequenceResult, 'sequence', async () => ({
    items: await adapter.getSequence!(consultationId, participantId, size),
  }));
  // A backend that repeats a proposal, mixes in another consultation's or sends more than asked
  // must not make the participant vote twice or walk a longer sequence than announced.
  const ids = items
    .filter((p) => p.consultationId === consultationId && p.status === 'accepted')
    .map((p) => p.id);
  return [...new Set(ids)].slice(0, size);
}
