import { LocalAdapter } from '../../src/adapters/local.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { runAdapterContract } from '../../src/testing/index.js';
import { seed } from '../helpers/seed.js';

const fixture = { consultationId: 'ai', proposalIds: ['p1', 'p2', 'p3'], closedProposalId: 'closed1' };

runAdapterContract('MemoryAdapter', () => ({ adapter: new MemoryAdapter(seed), ...fixture }));
runAdapterContract('MemoryAdapter (open world)', () => ({
  adapter: new MemoryAdapter({ ...seed, openWorld: true }),
  ...fixture,
}));
runAdapterContract('LocalAdapter', () => ({
  adapter: new LocalAdapter({ ...seed, namespace: `contract-${Math.random()}` }),
  ...fixture,
}));
