// withDelivery (issue 13): the outbox RestAdapter had, around an adapter an integrator wrote
// themselves. The adapter here is a plain object over an in-memory backend whose writes can be made
// to fail (retryably, or for good); the wrapper must keep, retry, coalesce and report as RestAdapter does.
import { expect, waitUntil } from '@open-wc/testing';
import type { CastVote, ConsultAdapter, ProposalUpdate, Qualify, VoteReceipt } from '../../src/adapters/adapter.js';
import { withDelivery, type DeliveringAdapter, type DeliveryOptions } from '../../src/adapters/delivery.js';
import { ConsultError } from '../../src/adapters/errors.js';
import type { Proposal, QualificationKey, Tally, VoteKey } from '../../src/protocol/index.js';

const offline = () => new ConsultError('network', 'The backend cannot be reached.');

/** The backend an integrator's adapter talks to: votes by `participant|proposal`, last click wins. */
function fakeBackend() {
  const tallies: Record<string, Tally> = {
    p1: { agree: 2, disagree: 1, neutral: 0 },
    p2: { agree: 0, disagree: 0, neutral: 4 },
    p3: { agree: 1, disagree: 0, neutral: 0 },
    p4: { agree: 0, disagree: 0, neutral: 0 },
  };
  const votes = new Map<string, { key: VoteKey; votedAt: string; qualifications: QualificationKey[] }>();
  return {
    tallies,
    votes,
    /** Every write attempt, in order (refused ones too). */
    attempts: [] as (CastVote | Qualify)[],
    /** The writes it took. */
    taken: [] as (CastVote | Qualify)[],
    /** Each write attempt takes the next failure first; while `down`, every attempt fails retryably. */
    failures: [] as ConsultError[],
    down: false,
    delayMs: 0,
    async write(call: CastVote | Qualify): Promise<void> {
      this.attempts.push(call);
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const failure = this.failures.shift() ?? (this.down ? offline() : undefined);
      if (failure) throw failure;
      this.taken.push(call);
    },
  };
}
type FakeBackend = ReturnType<typeof fakeBackend>;

/** A custom adapter as the README tells an integrator to write one: no outbox, every write sent at once. */
function customAdapter(backend: FakeBackend): ConsultAdapter {
  const proposal = (id: string): Proposal => {
    const votes = backend.tallies[id];
    if (!votes) throw new ConsultError('not_found', `No proposal ${id}.`);
    const base = { consultationId: 'c1', content: `Proposal ${id}`, themeId: null, status: 'accepted' as const };
    return { ...base, id, createdAt: '2026-01-01T00:00:00.000Z', votes: { ...votes }, qualifications: {} };
  };
  return {
    getConsultation: async () => {
      throw new ConsultError('unsupported', 'Not needed here.');
    },
    getProposal: async (id) => proposal(id),
    listProposals: async () => ({ items: Object.keys(backend.tallies).map(proposal), nextCursor: null }),
    getParticipantVotes: async (participantId) =>
      [...backend.votes]
        .filter(([memo]) => memo.startsWith(`${participantId}|`))
        .map(([memo, v]) => ({ proposalId: memo.split('|')[1]!, key: v.key, qualifications: [...v.qualifications] })),
    async castVote(vote): Promise<VoteReceipt> {
      await backend.write(vote);
      const memo = `${vote.participantId}|${vote.proposalId}`;
      const held = backend.votes.get(memo);
      const tally = backend.tallies[vote.proposalId]!;
      if (!held || held.votedAt < vote.votedAt) {
        if (held) tally[held.key] -= 1;
        if (vote.key) tally[vote.key] += 1;
        if (vote.key) backend.votes.set(memo, { key: vote.key, votedAt: vote.votedAt, qualifications: [] });
        else backend.votes.delete(memo);
      }
      return { proposalId: vote.proposalId, key: backend.votes.get(memo)?.key ?? null, votes: { ...tally }, delivery: 'acknowledged' };
    },
    async qualify(q) {
      await backend.write(q);
      const held = backend.votes.get(`${q.participantId}|${q.proposalId}`);
      if (!held) throw new ConsultError('conflict', 'Qualify a vote first.');
      held.qualifications = held.qualifications.filter((k) => k !== q.qualification).concat(q.active ? [q.qualification] : []);
      return { proposalId: q.proposalId, qualifications: { [q.qualification]: held.qualifications.length }, delivery: 'acknowledged' };
    },
  };
}

let names = 0;
const wrappers: DeliveringAdapter[] = [];
/** The custom adapter with delivery; `name` shared means the same stored queue (a reload, another tab). */
function delivering(backend: FakeBackend, options: Partial<DeliveryOptions> = {}): DeliveringAdapter {
  const adapter = withDelivery(customAdapter(backend), { name: `delivery-test-${names}`, baseDelayMs: 20, ...options });
  wrappers.push(adapter);
  return adapter;
}

/** Strictly increasing click times. */
function clock(): () => string {
  let t = Date.now();
  return () => new Date(++t).toISOString();
}
const stored = (name: string) => Object.keys(localStorage).filter((k) => k.startsWith(`consult-widgets:outbox:${name}:`));
const keysOf = (calls: (CastVote | Qualify)[]) => calls.map((c) => ('key' in c ? c.key : `${c.qualification}:${c.active}`));

describe('withDelivery around a custom adapter', () => {
  beforeEach(() => void ++names);
  afterEach(async () => {
    await Promise.all(wrappers.splice(0).map((w) => w.dispose()));
    for (const key of stored(`delivery-test-${names}`)) localStorage.removeItem(key);
  });

  it('a vote cast while the adapter fails retryably is pending, stored, then delivered and reported', async () => {
    const backend = fakeBackend();
    const adapter = delivering(backend);
    const updates: ProposalUpdate[] = [];
    adapter.subscribe('p1', (update) => updates.push(update));
    await adapter.getProposal('p1'); // the tally a pending vote is estimated from
    backend.failures = [offline(), new ConsultError('server', 'HTTP 503')];
    const receipt = await adapter.castVote({ proposalId: 'p1', participantId: 'participant-1', key: 'agree', votedAt: clock()() });
    expect(receipt).to.deep.equal({ proposalId: 'p1', key: 'agree', votes: { agree: 3, disagree: 1, neutral: 0 }, delivery: 'pending' });
    await waitUntil(() => updates.length > 0, 'the later delivery was never reported');
    expect(updates).to.deep.equal([{ proposalId: 'p1', delivery: 'acknowledged', votes: { agree: 3, disagree: 1, neutral: 0 } }]);
    expect(backend.attempts).to.have.length(3); // two refusals, then taken
    expect(keysOf(backend.taken)).to.deep.equal(['agree']);
    expect(adapter.pendingWrites()).to.equal(0);
  });

  it('keeps a vote in storage across a reload: a second wrapper over the same storage delivers it', async () => {
    const backend = fakeBackend();
    backend.down = true;
    const page = delivering(backend, { baseDelayMs: 60_000 });
    const receipt = await page.castVote({ proposalId: 'p2', participantId: 'participant-2', key: 'disagree', votedAt: clock()() });
    expect(receipt.delivery).to.equal('pending');
    await page.dispose(); // the page goes away
    expect(stored(`delivery-test-${names}`), 'the vote is in localStorage').to.have.length(1);
    backend.down = false;
    const reloaded = delivering(backend); // same name: the next page load
    await waitUntil(() => backend.taken.length === 1, 'the next page never delivered the stored vote');
    expect(backend.votes.get('participant-2|p2')?.key).to.equal('disagree');
    expect(reloaded.pendingWrites()).to.equal(0);
    expect(stored(`delivery-test-${names}`)).to.deep.equal([]);
  });

  it('coalesces: three changes of one vote while the adapter fails deliver only the last', async () => {
    const backend = fakeBackend();
    backend.down = true;
    const adapter = delivering(backend, { baseDelayMs: 60_000 });
    const now = clock();
    for (const key of ['agree', 'disagree', 'neutral'] as const) {
      expect((await adapter.castVote({ proposalId: 'p3', participantId: 'participant-3', key, votedAt: now() })).delivery).to.equal('pending');
    }
    expect(adapter.pendingWrites()).to.equal(1);
    backend.down = false;
    await adapter.flush(); // back online
    expect(keysOf(backend.taken)).to.deep.equal(['neutral']);
    expect(backend.tallies.p3).to.deep.equal({ agree: 1, disagree: 0, neutral: 1 });
    expect(adapter.pendingWrites()).to.equal(0);
  });

  it('three quick changes in one task send one write, the last', async () => {
    const backend = fakeBackend();
    const adapter = delivering(backend);
    const now = clock();
    const cast = (key: VoteKey) => adapter.castVote({ proposalId: 'p1', participantId: 'participant-4', key, votedAt: now() });
    const receipts = await Promise.all([cast('agree'), cast('disagree'), cast('neutral')]);
    expect(keysOf(backend.attempts)).to.deep.equal(['neutral']);
    expect(receipts.at(-1)).to.deep.equal({ proposalId: 'p1', key: 'neutral', votes: { agree: 2, disagree: 1, neutral: 1 }, delivery: 'acknowledged' });
  });

  it('reports a refusal for good at once, drops the write and never retries it', async () => {
    const backend = fakeBackend();
    const adapter = delivering(backend, { baseDelayMs: 5 });
    backend.failures = [new ConsultError('closed', 'The consultation is closed.')];
    const refused = await adapter.castVote({ proposalId: 'p1', participantId: 'participant-5', key: 'agree', votedAt: clock()() }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(ConsultError);
    expect((refused as ConsultError).code).to.equal('closed');
    expect(adapter.pendingWrites()).to.equal(0);
    await new Promise((resolve) => setTimeout(resolve, 100)); // twenty backoff steps
    expect(backend.attempts).to.have.length(1);
  });

  it('reports a refusal that comes after a retry to subscribers, and stops there', async () => {
    const backend = fakeBackend();
    const adapter = delivering(backend);
    const updates: ProposalUpdate[] = [];
    adapter.subscribe('p2', (update) => updates.push(update));
    backend.failures = [offline(), new ConsultError('closed', 'The consultation is closed.')];
    const receipt = await adapter.castVote({ proposalId: 'p2', participantId: 'participant-6', key: 'agree', votedAt: clock()() });
    expect(receipt.delivery).to.equal('pending');
    await waitUntil(() => updates.length > 0, 'the refusal was never reported');
    expect(updates.map((u) => [u.proposalId, u.error?.code])).to.deep.equal([['p2', 'closed']]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(backend.attempts).to.have.length(2);
    expect(adapter.pendingWrites()).to.equal(0);
  });

  it('shows the queued intention in getParticipantVotes, after a reload too', async () => {
    const backend = fakeBackend();
    const page = delivering(backend, { baseDelayMs: 60_000 });
    const now = clock();
    const me = 'participant-7';
    await page.castVote({ proposalId: 'p1', participantId: me, key: 'agree', votedAt: now() }); // delivered
    await page.castVote({ proposalId: 'p4', participantId: me, key: 'neutral', votedAt: now() }); // delivered
    backend.down = true;
    await page.castVote({ proposalId: 'p1', participantId: me, key: null, votedAt: now() }); // withdrawn, queued
    await page.castVote({ proposalId: 'p2', participantId: me, key: 'disagree', votedAt: now() });
    await page.qualify!({ proposalId: 'p2', participantId: me, qualification: 'impossible', active: true, votedAt: now() });
    const shown = async (adapter: DeliveringAdapter) =>
      Object.fromEntries((await adapter.getParticipantVotes(me, 'c1')).map((v) => [v.proposalId, `${v.key} ${v.qualifications.join(',')}`]));
    const expected = { p2: 'disagree impossible', p4: 'neutral ' };
    expect(await shown(page)).to.deep.equal(expected);
    await page.dispose();
    expect(await shown(delivering(backend, { baseDelayMs: 60_000 })), 'after a reload').to.deep.equal(expected);
    expect([...backend.votes.keys()].sort(), 'the backend still holds the old state').to.deep.equal([`${me}|p1`, `${me}|p4`]);
  });

  it('delivers what RestAdapter stored before withDelivery existed (a request, not a call) as the call it stood for', async () => {
    const backend = fakeBackend();
    backend.votes.set('participant-8|p1', { key: 'agree', votedAt: '2026-12-01T10:00:00.000Z', qualifications: ['likeIt'] });
    const prefix = `consult-widgets:outbox:delivery-test-${names}:`;
    const old = { attempts: 1, due: 0, participantId: 'participant-8' };
    const withdrawal = { ...old, seq: 1, key: 'v|participant-8|p1', kind: 'vote', proposalId: 'p1', method: 'DELETE', path: '/proposals/p1/votes/participant-8?votedAt=2026-12-01T10%3A05%3A00.000Z' };
    const vote = { ...old, seq: 2, key: 'v|participant-8|p2', kind: 'vote', proposalId: 'p2', method: 'PUT', path: '/proposals/p2/votes/participant-8', body: { key: 'agree', votedAt: '2026-12-01T10:06:00.000Z' } };
    const qualification = { ...vote, seq: 3, key: 'q|participant-8|p2|doable', kind: 'qualification', qualification: 'doable', body: { votedAt: '2026-12-01T10:07:00.000Z' } };
    for (const entry of [withdrawal, vote, qualification]) localStorage.setItem(prefix + entry.key, JSON.stringify(entry));
    const adapter = delivering(backend); // the first page load after the upgrade
    await waitUntil(() => adapter.pendingWrites() === 0, 'the old entries were not delivered');
    expect(backend.taken.map(({ proposalId, votedAt, ...call }) => [proposalId, votedAt, 'qualification' in call ? `${call.qualification} ${call.active}` : call.key])).to.deep.equal([
      ['p1', '2026-12-01T10:05:00.000Z', null],
      ['p2', '2026-12-01T10:06:00.000Z', 'agree'],
      ['p2', '2026-12-01T10:07:00.000Z', 'doable true'],
    ]);
    expect([...backend.votes]).to.deep.equal([['participant-8|p2', { key: 'agree', votedAt: '2026-12-01T10:06:00.000Z', qualifications: ['doable'] }]]);
  });

  for (const [how, locks] of [['with Web Locks', undefined], ['with the storage lease', null]] as const) {
    it(`two wrappers with one name (two tabs) never deliver one entry twice, ${how}`, async () => {
      const backend = fakeBackend();
      backend.down = true;
      const tabA = delivering(backend, { baseDelayMs: 60_000, locks });
      const tabB = delivering(backend, { baseDelayMs: 60_000, locks });
      const now = clock();
      await Promise.all([
        tabA.castVote({ proposalId: 'p1', participantId: 'participant-a', key: 'agree', votedAt: now() }),
        tabB.castVote({ proposalId: 'p2', participantId: 'participant-b', key: 'disagree', votedAt: now() }),
        tabA.castVote({ proposalId: 'p3', participantId: 'participant-a', key: 'neutral', votedAt: now() }),
      ]);
      // Tab B changes tab A's queued vote: the shared queue keeps the newer one only.
      await tabB.castVote({ proposalId: 'p3', participantId: 'participant-a', key: 'agree', votedAt: now() });
      expect([tabA.pendingWrites(), tabB.pendingWrites()]).to.deep.equal([3, 3]);
      backend.down = false;
      backend.delayMs = 20; // slow writes: both tabs are still delivering when the other starts
      await Promise.all([tabA.flush(), tabB.flush()]);
      await waitUntil(() => tabA.pendingWrites() === 0 && tabB.pendingWrites() === 0, 'writes left undelivered');
      const taken = backend.taken.map((c) => `${c.participantId} ${c.proposalId} ${'key' in c ? c.key : ''}`);
      expect(taken.sort()).to.deep.equal(['participant-a p1 agree', 'participant-a p3 agree', 'participant-b p2 disagree']);
    });
  }

  it('passes reads and the inner adapter’s own updates through; offers only the optional methods it has', async () => {
    const backend = fakeBackend();
    const { qualify: _none, ...noQualify } = customAdapter(backend);
    const heard: ProposalUpdate[] = [];
    const live = {
      ...noQualify,
      getResults: async () => {
        throw new ConsultError('server', 'results down');
      },
      subscribe: (proposalId: string, listener: (update: ProposalUpdate) => void) => {
        listener({ proposalId, votes: { agree: 9, disagree: 9, neutral: 9 } });
        return () => heard.push({ proposalId: 'unsubscribed' });
      },
    };
    const adapter = withDelivery(live, { name: `delivery-test-${names}` });
    wrappers.push(adapter);
    expect(typeof adapter.qualify, 'no qualify: the card shows no qualification buttons').to.equal('undefined');
    expect(typeof adapter.getSequence).to.equal('undefined');
    expect((await adapter.listProposals('c1')).items.map((p) => p.id)).to.deep.equal(['p1', 'p2', 'p3', 'p4']);
    expect(await adapter.getResults!('c1').catch((e: ConsultError) => e.message)).to.equal('results down');
    const off = adapter.subscribe('p1', (update) => heard.push(update));
    off();
    expect(heard).to.deep.equal([{ proposalId: 'p1', votes: { agree: 9, disagree: 9, neutral: 9 } }, { proposalId: 'unsubscribed' }]);
  });
});
