// Delivery that loses nothing (issue 3), against the real protocol test server: the outbox keeps a
// vote through a lost network, a reload, a second tab and a late retry, and tells the card when the
// backend finally has it, or refused it for good.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ProposalUpdate } from '../../src/adapters/adapter.js';
import { ConsultError } from '../../src/adapters/errors.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import '../../src/components/proposal/proposal.js';
import type { VoteKey } from '../../src/protocol/index.js';
import { testBackend, type LogEntry, type TestBackend } from '../support/protocol-client.mjs';
import { loaded } from '../helpers/card.js';
import { parts } from '../helpers/proposal.js';
import { adapterFor, clock, drain, failure, fresh, hears, quiet } from '../helpers/rest.js';

/** What the backend stores for each `participant|proposal` asked about (null: no vote). */
async function storedKeys(backend: TestBackend, memos: Iterable<string>): Promise<Record<string, VoteKey | null>> {
  const state = await backend.state();
  expect(state.mismatches).to.deep.equal([]);
  return Object.fromEntries(
    [...memos].map((memo) => {
      const [participantId, proposalId] = memo.split('|') as [string, string];
      return [memo, state.votes[participantId]?.[proposalId]?.key ?? null];
    }),
  );
}

/** The writes the backend answered 200 (PUT and DELETE). */
const delivered = (log: LogEntry[]) =>
  log.filter((e) => (e.method === 'PUT' || e.method === 'DELETE') && e.status === 200);

/**
 * A second tab: a same-origin frame with its own realm (window, timers, listeners), sharing this
 * page's localStorage and Web Locks, and getting its `storage` events, as another tab does.
 */
async function secondTab(): Promise<typeof RestAdapter> {
  // The dev server compiles the .ts source for the frame as it does for this test.
  const url = new URL('../../src/adapters/rest.ts', import.meta.url).href;
  const frame = document.createElement('iframe');
  frame.srcdoc = `<script type="module">
    import(${JSON.stringify(url)}).then(
      (m) => { window.RestAdapter = m.RestAdapter; parent.postMessage('tab-ready', '*'); },
      (e) => parent.postMessage('tab-failed: ' + e, '*'),
    );
  </script>`;
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow) return;
      window.removeEventListener('message', onMessage);
      if (event.data === 'tab-ready') resolve();
      else reject(new Error(String(event.data)));
    };
    window.addEventListener('message', onMessage);
  });
  document.body.append(frame);
  tabs.push(frame);
  await ready;
  const OtherRestAdapter = (frame.contentWindow as unknown as { RestAdapter: typeof RestAdapter }).RestAdapter;
  expect(OtherRestAdapter).not.to.equal(RestAdapter); // really another realm
  return OtherRestAdapter;
}
const tabs: HTMLIFrameElement[] = [];

/** The adapter's outbox (private): a test stands for a page that goes away by disposing it. */
const outboxOf = (adapter: RestAdapter) => adapter['outbox'];

describe('RestAdapter delivery', function () {
  this.timeout(20_000);
  afterEach(() => tabs.splice(0).forEach((frame) => frame.remove())); // close the second tabs

  it('keeps a keyboard vote cast offline in localStorage and delivers it once the server is back', async () => {
    const { backend, adapter } = await fresh();
    const el = await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="p3" .adapter=${adapter}></consult-proposal>`);
    await loaded(el); // the first request to the server may be slow: wait for the event
    await expect(el).to.be.accessible();
    await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
    parts(el).buttons.disagree.focus();
    await sendKeys({ press: 'Enter' });
    await hears(el, 'Saved, will be sent when online');
    const stored = Object.keys(localStorage).filter((k) => k.startsWith(`consult-widgets:outbox:${backend.endpoint}:v|`));
    expect(stored.length, 'the vote waits in first-party storage').to.equal(1);
    expect(JSON.parse(localStorage.getItem(stored[0]!)!).body.key).to.equal('disagree');

    await backend.clearFaults();
    await hears(el, 'Vote delivered');
    expect(localStorage.getItem(stored[0]!)).to.equal(null);
    expect((await backend.state()).proposals.p3!.votes).to.deep.equal({ agree: 0, disagree: 1, neutral: 0 });
  });

  it('answers "pending" while the server drops, then tells subscribers the backend’s tally', async () => {
    const { backend, adapter } = await fresh();
    const updates: ProposalUpdate[] = [];
    adapter.subscribe('p1', (update) => updates.push(update));
    // Someone else's vote, which this adapter has not seen: the acknowledgement carries both.
    const other = await fetch(`${backend.endpoint}/proposals/p1/votes/participant-pipe-2`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'neutral', votedAt: clock()() }),
    });
    expect(other.status).to.equal(200);
    await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
    const receipt = await adapter.castVote({ proposalId: 'p1', participantId: 'participant-pipe-1', key: 'agree', votedAt: clock()() });
    expect(receipt).to.deep.equal({ proposalId: 'p1', key: 'agree', votes: { agree: 1, disagree: 0, neutral: 0 }, delivery: 'pending' });
    expect(adapter.pendingWrites()).to.equal(1);
    expect(updates).to.deep.equal([]);
    await backend.clearFaults();
    await drain(adapter);
    await waitUntil(() => updates.length > 0, 'no update after delivery');
    expect(updates).to.deep.equal([
      { proposalId: 'p1', delivery: 'acknowledged', votes: { agree: 1, disagree: 0, neutral: 1 } },
    ]);
  });

  it('never retries a refusal (409 closed): one request, castVote rejects, nothing stays queued', async () => {
    const { backend, adapter } = await fresh();
    const error = await failure(
      adapter.castVote({ proposalId: 'closed1', participantId: 'participant-closed-1', key: 'agree', votedAt: clock()() }),
    );
    expect(error.code).to.equal('closed');
    expect(adapter.pendingWrites()).to.equal(0);
    await adapter.flush();
    const writes = (await backend.log()).filter((e) => e.method === 'PUT');
    expect(writes.map((e) => [e.path, e.status])).to.deep.equal([['/proposals/closed1/votes/participant-closed-1', 409]]);
  });

  it('drops a queued vote the server later refuses (401), and tells subscribers why', async () => {
    const { backend, adapter } = await fresh();
    const updates: ProposalUpdate[] = [];
    adapter.subscribe('p2', (update) => updates.push(update));
    await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
    const receipt = await adapter.castVote({ proposalId: 'p2', participantId: 'participant-later-1', key: 'agree', votedAt: clock()() });
    expect(receipt.delivery).to.equal('pending');
    await backend.setFaults({ requireToken: 'a-token-this-adapter-lacks' });
    await waitUntil(() => updates.length > 0, 'the refusal never reached the subscriber', { timeout: 5000 });
    expect(updates[0]!.error).to.be.instanceOf(ConsultError);
    expect(updates[0]!.error!.code).to.equal('unauthorized');
    expect(adapter.pendingWrites()).to.equal(0);
    await adapter.flush();
    const refused = (await backend.log()).filter((e) => e.fault === 'token');
    expect(refused.length, 'a refused write is not tried again').to.equal(1);
  });

  it('delivers, after a reload, what a page left behind while the server dropped everything', async () => {
    const { backend, adapter: before } = await fresh();
    // Drops before and after the write: some votes reached the backend, none was acknowledged.
    await backend.setFaults({ dropRate: 1, faultPhase: 'mixed', seed: 3, methods: ['PUT', 'DELETE'] });
    const now = clock();
    const intentions = new Map<string, VoteKey | null>();
    const plan: [string, string, VoteKey | null][] = [
      ['participant-reload-1', 'p1', 'agree'],
      ['participant-reload-1', 'p2', 'disagree'],
      ['participant-reload-1', 'p1', 'neutral'],
      ['participant-reload-2', 'p1', 'agree'],
      ['participant-reload-2', 'p3', 'neutral'],
      ['participant-reload-2', 'p3', null],
      ['participant-reload-2', 'p4', 'disagree'],
    ];
    for (const [participantId, proposalId, key] of plan) {
      const receipt = await before.castVote({ proposalId, participantId, key, votedAt: now() });
      expect(receipt.delivery).to.equal('pending');
      intentions.set(`${participantId}|${proposalId}`, key);
    }
    const left = before.pendingWrites();
    expect(left).to.equal(intentions.size);
    await outboxOf(before).dispose(); // the page goes away
    const reloadedAt = (await quiet(backend)).length;
    await backend.clearFaults();

    const after = adapterFor(backend); // the next page load, same endpoint: same stored outbox
    await drain(after);
    const log = await quiet(backend);
    expect(log.slice(reloadedAt).map((e) => e.status), 'each left-behind write sent once').to.deep.equal(Array(left).fill(200));
    expect(await storedKeys(backend, intentions.keys())).to.deep.equal(Object.fromEntries(intentions));
    expect(log.some((e) => e.fault === 'drop' && e.applied), 'some writes were applied, then their answer lost').to.equal(true);
  });

  it('after a reload, the participant’s votes show what the outbox still holds: the queued vote and its qualifications', async () => {
    const { backend, adapter: before } = await fresh();
    const participantId = 'participant-reload-q';
    const now = clock();
    await before.castVote({ proposalId: 'p2', participantId, key: 'disagree', votedAt: now() }); // delivered
    await before.qualify({ proposalId: 'p2', participantId, qualification: 'impossible', active: true, votedAt: now() });
    await backend.setFaults({ dropRate: 1, faultPhase: 'before' });
    await before.castVote({ proposalId: 'p1', participantId, key: 'agree', votedAt: now() });
    await before.qualify({ proposalId: 'p1', participantId, qualification: 'likeIt', active: true, votedAt: now() });
    await before.qualify({ proposalId: 'p2', participantId, qualification: 'impossible', active: false, votedAt: now() });
    await outboxOf(before).dispose(); // the page goes away with three writes queued
    await backend.clearFaults();
    const after = adapterFor(backend, { retryBaseDelayMs: 60_000 });
    const votes = await after.getParticipantVotes(participantId, 'ai');
    const shown = Object.fromEntries(votes.map((v) => [v.proposalId, `${v.key} ${v.qualifications.join(',')}`]));
    expect(shown).to.deep.equal({ p1: 'agree likeIt', p2: 'disagree ' });
    await drain(after);
  });

  it('delivers after a reload while the old page’s request is still in flight; its late landing changes nothing', async () => {
    const { backend, adapter: before } = await fresh({ timeoutMs: 150 });
    await backend.setFaults({ hangMs: 600, faultPhase: 'before', maxFaults: 1, methods: ['PUT'] });
    const receipt = await before.castVote({ proposalId: 'p5', participantId: 'participant-flight-1', key: 'agree', votedAt: clock()() });
    expect(receipt.delivery).to.equal('pending');
    await outboxOf(before).dispose();
    const after = adapterFor(backend);
    await drain(after);
    const log = await quiet(backend);
    const [late, retry] = log.filter((e) => e.method === 'PUT');
    expect(late!.fault).to.equal('hang');
    expect(retry!.time, 'the new page re-sent before the old request landed').to.be.below(late!.time + late!.durationMs!);
    expect(retry!.body).to.deep.equal(late!.body); // same intention, same votedAt
    const state = await backend.state();
    expect(state.proposals.p5!.votes).to.deep.equal({ agree: 1, disagree: 0, neutral: 0 });
    expect(state.mismatches).to.deep.equal([]);
  });

  it('two tabs sharing one outbox send each queued write exactly once', async () => {
    const backend = testBackend();
    await backend.reset();
    await backend.setFaults({ dropRate: 1, faultPhase: 'before', methods: ['PUT'] });
    const [tabA, tabB] = [adapterFor(backend), adapterFor(backend)];
    const now = clock();
    const cast = (tab: RestAdapter, participantId: string, proposalId: string, key: VoteKey) =>
      tab.castVote({ proposalId, participantId, key, votedAt: now() });
    await Promise.all([
      cast(tabA, 'participant-tab-x', 'p1', 'agree'),
      cast(tabB, 'participant-tab-y', 'p3', 'neutral'),
      cast(tabA, 'participant-tab-x', 'p2', 'disagree'),
      cast(tabB, 'participant-tab-y', 'p4', 'agree'),
    ]);
    // Tab B changes tab A's queued vote: the shared outbox keeps only the newer one.
    await cast(tabB, 'participant-tab-x', 'p2', 'neutral');
    expect([tabA.pendingWrites(), tabB.pendingWrites()]).to.deep.equal([4, 4]);
    await backend.clearFaults();
    await Promise.all([tabA.flush(), tabB.flush()]);
    await Promise.all([drain(tabA), drain(tabB)]);
    const log = await quiet(backend);
    const sent = delivered(log).map((e) => `${e.path} ${(e.body as { key: string }).key}`);
    expect(sent.sort()).to.deep.equal([
      '/proposals/p1/votes/participant-tab-x agree',
      '/proposals/p2/votes/participant-tab-x neutral',
      '/proposals/p3/votes/participant-tab-y neutral',
      '/proposals/p4/votes/participant-tab-y agree',
    ]);
    const state = await backend.state();
    expect(state.mismatches).to.deep.equal([]);
    expect(state.proposals.p2!.votes).to.deep.equal({ agree: 0, disagree: 0, neutral: 1 });
  });

  it('tells the other tab when this one delivered its vote (storage event), and sends it once', async () => {
    const backend = testBackend();
    await backend.reset();
    const OtherTab = await secondTab();
    // Each tab signs its requests: the log tells which tab sent what.
    const here = adapterFor(backend, { getToken: () => 'tab-here' });
    // The other tab waits one backoff step before taking over a write this tab queued (in case this
    // tab is gone): a second, so a busy machine's slow lock grant here cannot hand it this tab's write.
    const there = new OtherTab({ endpoint: backend.endpoint, retryBaseDelayMs: 1000, getToken: () => 'tab-there' });
    const updates: ProposalUpdate[] = [];
    there.subscribe('p2', (update) => updates.push(update));
    // This tab's write is slow: it holds the outbox's lock while the other tab votes.
    await backend.setFaults({ delayMs: 1500, methods: ['PUT'], path: '^/proposals/p1/' });
    // Each tab's first (empty) round, started when it was created, must be over: on a busy machine the
    // other tab's could still hold the lock when this tab votes, and would rightly take this tab's write.
    await Promise.all([here.flush(), there.flush()]);
    const now = clock();
    const mine = here.castVote({ proposalId: 'p1', participantId: 'participant-tab-here', key: 'agree', votedAt: now() });
    await waitUntil(async () => (await backend.log()).some((e) => e.method === 'PUT'), 'this tab never sent', { timeout: 3000 });
    const theirs = await there.castVote({ proposalId: 'p2', participantId: 'participant-tab-there', key: 'disagree', votedAt: now() });
    expect(theirs.delivery, 'the other tab could not send: this one holds the lock').to.equal('pending');
    expect((await mine).delivery).to.equal('acknowledged');
    await waitUntil(() => updates.length > 0, 'the other tab never heard of the delivery', { timeout: 5000 });
    expect(updates).to.deep.equal([{ proposalId: 'p2', delivery: 'acknowledged' }]);
    expect(there.pendingWrites()).to.equal(0);
    const sent = delivered(await quiet(backend)).map((e) => `${e.headers.authorization} ${e.path}`);
    expect(sent, 'this tab sent both, each once').to.deep.equal([
      'Bearer tab-here /proposals/p1/votes/participant-tab-here',
      'Bearer tab-here /proposals/p2/votes/participant-tab-there',
    ]);
  });

  it('lets a second tab wait while the first delivers, without a busy loop', async () => {
    const backend = testBackend();
    await backend.reset();
    await backend.setFaults({ hangMs: 1000, methods: ['PUT'] });
    const first = adapterFor(backend, { timeoutMs: 5000 });
    const voted = first.castVote({ proposalId: 'p1', participantId: 'participant-busy-1', key: 'agree', votedAt: clock()() });
    await waitUntil(async () => (await backend.log()).some((e) => e.method === 'PUT'), 'the write never left', { timeout: 3000 });
    // Count the second tab's tries for the lock while the first tab's write hangs for a second.
    const locks = navigator.locks as LockManager & { request: (...args: unknown[]) => Promise<unknown> };
    const request = locks.request;
    let tries = 0;
    locks.request = function (this: LockManager, ...args: unknown[]) {
      tries += 1;
      return request.apply(this, args);
    };
    try {
      adapterFor(backend, { retryBaseDelayMs: 200 }); // loads with the first tab's write still queued
      expect((await voted).delivery).to.equal('acknowledged');
    } finally {
      locks.request = request;
    }
    // One try per backoff step (about five in that second), not one per task (thousands).
    expect(tries).to.be.within(1, 20);
  });

  it('ignores a late retry of an older vote that lands after a newer one (votedAt)', async () => {
    const { backend, adapter } = await fresh({ timeoutMs: 400 });
    await backend.setFaults({ hangMs: 1000, faultPhase: 'before', maxFaults: 1, methods: ['PUT'] });
    const now = clock();
    const participantId = 'participant-late-1';
    const first = adapter.castVote({ proposalId: 'p1', participantId, key: 'agree', votedAt: now() });
    // Vote A is at the server, hanging; the participant changes their mind meanwhile.
    await waitUntil(async () => (await backend.log()).some((e) => e.method === 'PUT'), 'vote A never left', { timeout: 3000 });
    const second = adapter.castVote({ proposalId: 'p1', participantId, key: 'disagree', votedAt: now() });
    await Promise.all([first, second]);
    await drain(adapter);
    const puts = (await quiet(backend)).filter((e) => e.method === 'PUT');
    const a = puts.find((e) => e.fault === 'hang')!;
    const b = puts.find((e) => (e.body as { key: string }).key === 'disagree')!;
    expect((a.body as { key: string }).key).to.equal('agree');
    expect(b.time, 'vote B landed before vote A').to.be.below(a.time + a.durationMs!);
    const state = await backend.state();
    expect(state.votes[participantId]!.p1!.key).to.equal('disagree');
    expect(state.proposals.p1!.votes).to.deep.equal({ agree: 0, disagree: 1, neutral: 0 });
  });

  it('ignores a late write of an older vote even when the newer vote returned to the stored key', async () => {
    // agree (t1) lands; neutral (t2) hangs past the timeout; agree again (t3) lands; neutral lands last.
    // The backend must remember t3 although the key did not change, or t2 undoes the newer vote.
    const { backend, adapter } = await fresh({ timeoutMs: 150 });
    const now = clock();
    const participantId = 'participant-late-2';
    const vote = (key: VoteKey) => adapter.castVote({ proposalId: 'p2', participantId, key, votedAt: now() });
    expect((await vote('agree')).delivery).to.equal('acknowledged');
    await backend.setFaults({ hangMs: 600, faultPhase: 'before', maxFaults: 1, methods: ['PUT'] });
    expect((await vote('neutral')).delivery).to.equal('pending');
    await vote('agree');
    await drain(adapter);
    const puts = (await quiet(backend)).filter((e) => e.method === 'PUT');
    expect(puts.map((e) => (e.body as { key: string }).key)).to.deep.equal(['agree', 'neutral', 'agree']);
    const state = await backend.state();
    expect(state.votes[participantId]!.p2!.key).to.equal('agree');
    expect(state.proposals.p2!.votes).to.deep.equal({ agree: 1, disagree: 0, neutral: 0 });
  });
});
