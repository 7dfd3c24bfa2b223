// The results math for MemoryAdapter (and LocalAdapter, which extends it), kept apart because it
// weighs about 1 KB gzip and only pages that show results need it: the results widget's entry
// (src/components/results/results.ts) composes it in; so can a page that calls `getResults` itself.
import { computeResults } from '../results/compute.js';
import { MemoryAdapter } from './memory.js';

/** Give MemoryAdapter and LocalAdapter their `getResults`. Calling it again changes nothing. */
export function composeMemoryResults(): void {
  MemoryAdapter.resultsMethod = computeResults;
}
