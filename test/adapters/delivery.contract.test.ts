// withDelivery keeps the adapter contract (suite v2): a wrapped MemoryAdapter passes it. (Not in
// the suite's new-adapter-per-step mode: see docs/decisions.md, "Issue 13: delivery for every adapter".)
import { withDelivery } from '../../src/adapters/delivery.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { composeMemoryResults } from '../../src/adapters/memory-results.js';
import { runAdapterContract } from '../../src/testing/index.js';
import { seed } from '../helpers/seed.js';

composeMemoryResults();
const fixture = { consultationId: 'ai', proposalIds: ['p1', 'p2', 'p3'], closedProposalId: 'closed1' };
let queues = 0;

runAdapterContract('withDelivery(MemoryAdapter)', () => ({
  adapter: withDelivery(new MemoryAdapter(seed), { name: `delivery-contract-${Date.now()}-${++queues}` }),
  ...fixture,
}));
