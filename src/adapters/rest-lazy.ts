import type { ConsultAdapter, ProposalUpdate } from './adapter.js';
import { ConsultError } from './errors.js';
import type { RestAdapter as RestAdapterImpl, RestAdapterOptions } from './rest.js';

/**
 * The REST adapter of the module embed, as `new RestAdapter({ endpoint })` always was: the HTTP
 * client, its delivery queue and the issued identity are fetched the moment one is made (a chunk
 * of their own), so a page whose widgets keep votes in the browser never downloads them. Every
 * call waits for that chunk, then goes to the real adapter (src/adapters/rest.ts).
 */
export class RestAdapter implements ConsultAdapter {
  private readonly impl: Promise<RestAdapterImpl>;
  private loaded?: RestAdapterImpl;

  constructor(options: RestAdapterOptions) {
    if (!options?.endpoint) throw new ConsultError('config', 'RestAdapter needs an endpoint (the URL of protocol v1).');
    // Started now, not on first use: the queue resumes what an earlier page left behind at once.
    this.impl = import('./rest.js').then(({ RestAdapter: Impl }) => (this.loaded = new Impl(options)));
  }

  readonly getConsultation = this.forward('getConsultation');
  readonly getProposal = this.forward('getProposal');
  readonly listProposals = this.forward('listProposals');
  readonly getParticipantVotes = this.forward('getParticipantVotes');
  readonly getResults = this.forward('getResults');
  readonly getSequence = this.forward('getSequence');
  readonly submitProposal = this.forward('submitProposal');
  readonly eraseParticipation = this.forward('eraseParticipation');
  readonly castVote = this.forward('castVote');
  readonly qualify = this.forward('qualify');
  readonly flush = this.forward('flush');
  readonly dispose = this.forward('dispose');

  subscribe(proposalId: string, listener: (update: ProposalUpdate) => void): () => void {
    let off: (() => void) | undefined;
    let stopped = false;
    void this.impl.then((adapter) => {
      if (!stopped) off = adapter.subscribe(proposalId, listener);
    });
    return () => {
      stopped = true;
      off?.();
    };
  }

  /** Writes still waiting for the backend (0 until the adapter's code has arrived). */
  pendingWrites(): number {
    return this.loaded?.pendingWrites() ?? 0;
  }

  /** A method that waits for the real adapter, then calls its namesake. */
  private forward<K extends AsyncMethod>(name: K): RestAdapterImpl[K] {
    return (async (...args: unknown[]) => ((await this.impl)[name] as (...a: unknown[]) => unknown)(...args)) as RestAdapterImpl[K];
  }
}

type AsyncMethod = {
  [K in keyof RestAdapterImpl]-?: RestAdapterImpl[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof RestAdapterImpl];

export type { RestAdapterOptions };
