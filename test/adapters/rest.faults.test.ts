// Fault injection against the real protocol test server (test/support/protocol-server.md): drops,
// 500s, timeouts and 429s on the way to the backend, and after recovery the backend must hold
// exactly what every participant last chose. Nothing lost, nothing counted twice.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { RestAdapter } from '../../src/adapters/rest.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/proposal/proposal.js';
import type { Tally, VoteKey } from '../../src/protocol/index.js';
import type { TestBackend } from '../support/protocol-client.mjs';
import { loaded } from '../helpers/card.js';
import { parts } from '../helpers/proposal.js';
import { clock, drain, fresh, hears, quiet } from '../helpers/rest.js';

const PROPOSALS = ['p1', 'p2', 'p3', 'p4', 'p5'];

/** The test's own seeded choices (which proposal, which key), so a failure can be replayed. */
function choices(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
}

/** `participant|proposal` → the key the participant last chose (null: withdrawn). */
type Intentions = Map<string, VoteKey | null>;

/** The backend holds each intention, and each tally is exactly the count of those intentions. */
async function expectBackendHolds(backend: TestBackend, intentions: Intentions): Promise<void> {
  const state = await backend.state();
  const expectedTallies: Record<string, Tally> = {};
  for (const id of PROPOSALS) expectedTallies[id] = { agree: 0, disagree: 0, neutral: 0 };
  const expectedKeys: Record<string, VoteKey | null> = {};
  const actualKeys: Record<string, VoteKey | null> = {};
  for (const [memo, key] of intentions) {
    const [participantId, proposalId] = memo.split('|') as [string, string];
    expectedKeys[memo] = key;
    actualKeys[memo] = state.votes[participantId]?.[proposalId]?.key ?? null;
    if (key) expectedTallies[proposalId]![key] += 1;
  }
  expect(actualKeys, 'each participant’s final vote').to.deep.equal(expectedKeys);
  const tallies = Object.fromEntries(PROPOSALS.map((id) => [id, state.proposals[id]!.votes]));
  expect(tallies, 'tallies: nothing lost, nothing counted twice').to.deep.equal(expectedTallies);
  expect(state.mismatches).to.deep.equal([]);
}

describe('RestAdapter under injected faults', function () {
  this.timeout(30_000);

  it('lets an accessible card vote with the keyboard through 500s, and the vote reaches the server once', async () => {
    const { backend, adapter } = await fresh();
    const el = await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p1" .adapter=${adapter}></consult-proposal>`);
    await loaded(el); // the first request to the server may be slow: wait for the event
    await expect(el).to.be.accessible();
    await backend.setFaults({ errorRate: 1, maxFaults: 2, methods: ['PUT'] });
    parts(el).buttons.agree.focus();
    await sendKeys({ press: 'Enter' });
    await hears(el, 'Vote delivered');
    await drain(adapter);
    const puts = (await backend.log()).filter((e) => e.method === 'PUT');
    expect(puts.map((e) => e.status)).to.deep.equal([500, 500, 200]);
    expect(parts(el).buttons.agree.getAttribute('aria-pressed')).to.equal('true');
    const state = await backend.state();
    expect(state.proposals.p1!.votes).to.deep.equal({ agree: 1, disagree: 0, neutral: 0 });
    expect(state.mismatches).to.deep.equal([]);
  });

  it('loses nothing and counts nothing twice when 30 % of writes are dropped or answered 500', async () => {
    const { backend, adapter } = await fresh();
    await backend.setFaults({ dropRate: 0.15, errorRate: 0.15, seed: 20240918, faultPhase: 'mixed' });
    const participants = ['a', 'b', 'c', 'd', 'e'].map((n) => `participant-fault-${n}`);
    const keys: (VoteKey | null)[] = ['agree', 'disagree', 'neutral', null];
    const now = clock();
    const intentions: Intentions = new Map();
    // Each participant clicks through the proposals: casts, changes and withdraws; all at once.
    await Promise.all(
      participants.map(async (participantId, i) => {
        const pick = choices(1000 + i);
        for (let n = 0; n < 20; n++) {
          const proposalId = pick(PROPOSALS);
          const key = pick(keys);
          intentions.set(`${participantId}|${proposalId}`, key);
          const receipt = await adapter.castVote({ proposalId, participantId, key, votedAt: now() });
          expect(receipt.key).to.equal(key);
        }
      }),
    );
    await backend.clearFaults();
    await drain(adapter);
    await quiet(backend);
    // The run really went through faults of every kind (else it proves nothing).
    const log = await backend.log();
    const faults = log.filter((e) => e.fault);
    expect(faults.some((e) => e.fault === 'drop' && e.phase === 'before')).to.equal(true);
    expect(faults.some((e) => e.fault === 'drop' && e.phase === 'after' && e.applied)).to.equal(true);
    expect(faults.some((e) => e.fault === 'error' && e.phase === 'before')).to.equal(true);
    expect(faults.some((e) => e.fault === 'error' && e.phase === 'after' && e.applied)).to.equal(true);
    await expectBackendHolds(backend, intentions);
  });

  it('retries a write that timed out; its late landing never undoes the newer state', async () => {
    // Every other write hangs past the client's timeout and is then applied late ("before").
    const { backend, adapter } = await fresh({ timeoutMs: 100 });
    await backend.setFaults({ hangMs: 300, hangRate: 0.5, faultPhase: 'before', seed: 11, methods: ['PUT', 'DELETE'] });
    const participantId = 'participant-timeout-1';
    const now = clock();
    const intentions: Intentions = new Map();
    const pick = choices(77);
    const receipts = [];
    for (let n = 0; n < 8; n++) {
      const proposalId = pick(PROPOSALS);
      const key = pick<VoteKey>(['agree', 'disagree', 'neutral']);
      intentions.set(`${participantId}|${proposalId}`, key);
      receipts.push(await adapter.castVote({ proposalId, participantId, key, votedAt: now() }));
    }
    expect(receipts.map((r) => r.delivery)).to.include('pending');
    await backend.clearFaults();
    await drain(adapter);
    await quiet(backend);
    // Some hung write reached the backend only after a newer request for the same vote had.
    const log = await backend.log();
    const landedLate = log.filter(
      (hung) =>
        hung.fault === 'hang' &&
        log.some((later) => later.seq > hung.seq && later.path === hung.path && later.time < hung.time + hung.durationMs!),
    );
    expect(landedLate.length, 'writes that landed after their retry').to.be.greaterThan(0);
    await expectBackendHolds(backend, intentions);
  });

  it('waits at least Retry-After after a 429, then delivers', async () => {
    const { backend } = await fresh();
    await backend.setFaults({ status429: { count: 1, retryAfter: 1 }, methods: ['PUT'] });
    // Voting in the same task as the adapter is made: before the outbox's start-up round.
    const adapter = new RestAdapter({ endpoint: backend.endpoint, retryBaseDelayMs: 20 });
    const receipt = await adapter.castVote({
      proposalId: 'p2',
      participantId: 'participant-429-1',
      key: 'agree',
      votedAt: new Date().toISOString(),
    });
    expect(receipt.delivery).to.equal('pending');
    await drain(adapter);
    const puts = (await backend.log()).filter((e) => e.method === 'PUT');
    expect(puts.map((e) => e.status)).to.deep.equal([429, 200]);
    // Order, not speed: the retry may not arrive before the second the server asked for.
    expect(puts[1]!.time - puts[0]!.time).to.be.at.least(1000);
    expect((await backend.state()).proposals.p2!.votes.agree).to.equal(1);
  });
});
