// The partner page's only script: load the widgets and give them a backend. An external module
// (no inline script) so the page works under `script-src 'self'`.
//
// Served by `npm start` (consult-server), the widgets use the REST adapter against that server's
// protocol v1 at /api/v1. `?backend=local`, or a plain static server with no API, keeps votes in
// the browser (LocalAdapter seeded with the demo data).
import { LocalAdapter, RestAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';
import { CONSULTATION_ID, seed } from './data/ai-action-summit.js';

const NAMESPACE = 'demo';
const ENDPOINT = '/api/v1';
const params = new URL(window.location.href).searchParams;

// `?latency=800` makes every local adapter call take 800 ms: how the page looks on a slow backend.
const latency = Number(params.get('latency') ?? 0);
const latencyMs = Number.isFinite(latency) && latency > 0 ? latency : 0;

/** Whether this page's own server speaks protocol v1 and holds the demo consultation. */
async function serverHasConsultation() {
  try {
    const answer = await fetch(`${ENDPOINT}/consultations/${CONSULTATION_ID}`, { headers: { accept: 'application/json' } });
    return answer.ok && (answer.headers.get('content-type') ?? '').includes('application/json');
  } catch {
    return false;
  }
}

// The widgets ask for "summit" as soon as they upgrade; which backend it is takes a request to find
// out. Register at once an adapter that forwards every call to the one chosen, when it is chosen
// (a pattern for any page that picks its backend asynchronously).
let choose;
const chosen = new Promise((resolve) => (choose = resolve));
const forward = (method) => async (...args) => (await chosen)[method](...args);
registerAdapterInstance('summit', {
  ...Object.fromEntries(
    ['getConsultation', 'getProposal', 'listProposals', 'getParticipantVotes', 'castVote', 'qualify', 'submitProposal', 'getSequence', 'getResults'].map(
      (method) => [method, forward(method)],
    ),
  ),
  subscribe(proposalId, listener) {
    let unsubscribe;
    let stopped = false;
    void chosen.then((adapter) => {
      if (!stopped) unsubscribe = adapter.subscribe?.(proposalId, listener);
    });
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  },
});

const backend = params.get('backend') ?? ((await serverHasConsultation()) ? 'rest' : 'local');
document.documentElement.dataset.backend = backend;

if (backend === 'rest') {
  choose(new RestAdapter({ endpoint: ENDPOINT }));
} else {
  const adapter = new LocalAdapter({ ...seed, namespace: NAMESPACE, latencyMs });
  choose(adapter);
  document.getElementById('clear-votes')?.addEventListener('click', () => {
    localStorage.removeItem(adapter.storageKey);
    window.location.reload();
  });
}
