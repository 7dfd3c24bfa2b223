import { expect } from '@open-wc/testing';
import { LocalAdapter } from '../../src/adapters/local.js';
import '../../src/adapters/memory-erasure.js';
import { MemoryAdapter } from '../../src/adapters/memory.js';
import { composeMemoryResults } from '../../src/adapters/memory-results.js';
import { runAdapterContract } from '../../src/testing/index.js';
import { voteAgreeWithKeyboard } from '../helpers/card.js';
import { seed } from '../helpers/seed.js';

// The built-in adapters' results, as the results widget's entry composes them in.
composeMemoryResults();

const fixture = { consultationId: 'ai', proposalIds: ['p1', 'p2', 'p3'], closedProposalId: 'closed1' };

describe('built-in adapters drive a card', () => {
  for (const [name, make] of [
    ['MemoryAdapter', () => new MemoryAdapter(seed)],
    ['LocalAdapter', () => new LocalAdapter({ ...seed, namespace: `card-${Math.random()}` })],
  ] as const) {
    it(`${name}: an accessible card votes with the keyboard`, async () => {
      const adapter = make();
      await voteAgreeWithKeyboard(adapter, 'p2');
      expect((await adapter.getProposal('p2')).votes.agree).to.equal(4);
    });
  }
});

runAdapterContract('MemoryAdapter', () => ({ adapter: new MemoryAdapter(seed), ...fixture }));
runAdapterContract('MemoryAdapter (open world)', () => ({
  adapter: new MemoryAdapter({ ...seed, openWorld: true }),
  ...fixture,
}));
runAdapterContract('LocalAdapter', () => ({
  adapter: new LocalAdapter({ ...seed, namespace: `contract-${Math.random()}` }),
  ...fixture,
}));
