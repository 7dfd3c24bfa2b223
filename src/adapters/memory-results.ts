// Gives MemoryAdapter (and LocalAdapter, which extends it) `getResults`. A separate module on
// purpose: the results math weighs about 1 KB gzip, and only pages that show results should carry
// it, so whatever shows results (the results widget) imports this module for its side effect.
// Bundlers keep that import only if package.json's `sideEffects` lists this file.
// Importing it twice is harmless.
import type { ConsultationResults } from '../protocol/index.js';
import { computeResults } from '../results/compute.js';
import { MemoryAdapter } from './memory.js';

MemoryAdapter.prototype.getResults = async function getResults(this: MemoryAdapter, consultationId: string): Promise<ConsultationResults> {
  return computeResults(await this.resultsInput(consultationId));
};
