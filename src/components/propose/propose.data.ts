import type { ConsultAdapter, SubmitProposal } from '../../adapters/adapter.js';
import { checked } from '../../adapters/checked.js';
import { SubmitProposalResult } from '../../protocol/index.js';
import { newRequestId } from './propose.rules.js';

export { fetchConsultation } from '../../internal/fetch-consultation.js';

/** Send a submission; the receipt is checked too (a custom adapter may answer anything). */
export function submit(adapter: ConsultAdapter, input: SubmitProposal): Promise<SubmitProposalResult> {
  return checked(SubmitProposalResult, 'submission receipt', () => adapter.submitProposal!(input));
}

/**
 * Request ids that make a retry idempotent: the same body sent again (after a failure) keeps the
 * id it was first sent with, so a backend that stored it but whose answer was lost answers the
 * same proposal again; any other body, or anything after a success, gets a fresh one.
 */
export class RequestIds {
  private last?: { key: string; requestId: string };

  /** The id to send `body` with (not yet remembered: a body the form refuses is never sent). */
  for(body: unknown): { key: string; requestId: string } {
    const key = JSON.stringify(body);
    return this.last?.key === key ? this.last : { key, requestId: newRequestId() };
  }

  sending(attempt: { key: string; requestId: string }): void {
    this.last = attempt;
  }

  forget(): void {
    this.last = undefined;
  }
}

/**
 * Without a consultation id the page may still be giving one: the `<consult-consultation>` around
 * the form is not defined yet, or the document is still parsing. Calls `again` when that changes
 * and answers `true`; `false` when nothing is coming (a real configuration mistake).
 */
export function waitForContext(element: HTMLElement, again: () => void): boolean {
  if (element.closest('consult-consultation') && !customElements.get('consult-consultation')) {
    void customElements.whenDefined('consult-consultation').then(again);
    return true;
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', again, { once: true });
    return true;
  }
  return false;
}
