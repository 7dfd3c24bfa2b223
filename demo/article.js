// The partner page's only script: load the widgets and give them the consultation's data.
// An external module (no inline script) so the page works under `script-src 'self'`.
import { LocalAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';
import { seed } from './data/ai-action-summit.js';

const NAMESPACE = 'demo';

// `?latency=800` makes every adapter call take 800 ms: how the page looks on a slow backend.
const latency = Number(new URL(window.location.href).searchParams.get('latency') ?? 0);
const latencyMs = Number.isFinite(latency) && latency > 0 ? latency : 0;

// The bundle has already defined the elements; registering now, before the first render (a
// microtask away), is early enough for <consult-consultation adapter="summit"> to find it.
const adapter = new LocalAdapter({ ...seed, namespace: NAMESPACE, latencyMs });
registerAdapterInstance('summit', adapter);

document.getElementById('clear-votes')?.addEventListener('click', () => {
  localStorage.removeItem(adapter.storageKey);
  window.location.reload();
});
