/**
 * Loads a widget's code the first time its tag appears in the document (Shoelace's autoloader
 * idea): the embed script carries the card, which nearly every page shows, and fetches the
 * sequence, the form and the results only on the pages that have them. Tags written in the HTML,
 * added later by a script, or moved into the page from a template are all found; tags inside a
 * host's own shadow roots are not (import the widget's entry there, or call `loadWidget`).
 */
const LOADERS: Record<string, () => Promise<unknown>> = {
  'consult-sequence': () => import('../components/sequence/sequence.js'),
  'consult-propose': () => import('../components/propose/propose.js'),
  'consult-results': () => import('../components/results/results.js'),
};

const started = new Map<string, Promise<void>>();

/** Load (once) and register one lazily loaded widget; resolves when its tag is defined. */
export function loadWidget(tag: string): Promise<void> {
  const load = LOADERS[tag];
  if (!load) return Promise.reject(new Error(`consult-widgets has no lazily loaded widget "${tag}".`));
  let loading = started.get(tag);
  if (!loading) {
    loading = load().then(
      () => undefined,
      (error: unknown) => {
        // Offline or a missing chunk: say so once, and let a later sighting of the tag try again.
        started.delete(tag);
        console.warn(`consult-widgets: <${tag}> could not be loaded.`, error);
        throw error;
      },
    );
    started.set(tag, loading);
  }
  return loading;
}

const selector = Object.keys(LOADERS).join(',');

function discover(root: ParentNode): void {
  for (const tag of Object.keys(LOADERS)) {
    if (customElements.get(tag) || started.has(tag)) continue;
    if ((root instanceof Element && root.localName === tag) || root.querySelector(tag)) void loadWidget(tag).catch(() => {});
  }
}

let watching = false;

/** Watch the document for the lazily loaded tags (idempotent). */
export function startAutoload(): void {
  if (typeof document === 'undefined' || watching) return;
  watching = true;
  discover(document);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && (node.matches(selector) || node.firstElementChild)) discover(node);
      }
    }
  }).observe(document, { childList: true, subtree: true });
}
