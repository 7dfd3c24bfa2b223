// Issue 10, server-issued participants, against the protocol test server: the REST adapter asks
// once for an identity when the backend offers one, keeps it in first-party localStorage (never a
// cookie), and sends the issued id with its bearer token in place of the browser's anonymous id,
// including for queued votes delivered after a reload or by another tab. A backend without the
// endpoint keeps the anonymous id; a token the backend refuses is replaced without losing a vote.
import { expect } from '@open-wc/testing';
import { ISSUED_STORAGE_PREFIX } from '../../src/adapters/issued.js';
import { anonymousParticipantId } from '../../src/adapters/participant.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import type { LogEntry, TestBackend } from '../support/protocol-client.mjs';
import { adapterFor, clock, drain, fresh, quiet } from '../helpers/rest.js';

const issuances = (log: LogEntry[]) => log.filter((e) => e.method === 'POST' && e.path === '/participants');
const votes = (log: LogEntry[]) => log.filter((e) => e.method === 'PUT' && e.path.startsWith('/proposals/'));
const stored = (backend: TestBackend) =>
  JSON.parse(localStorage.getItem(`${ISSUED_STORAGE_PREFIX}${backend.endpoint}`) ?? 'null') as { participantId: string; token: string } | null;

const adapters: RestAdapter[] = [];
const frames: HTMLIFrameElement[] = [];
afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.dispose()));
  for (const frame of frames.splice(0)) frame.remove();
});

async function offering(): Promise<{ backend: TestBackend; adapter: RestAdapter }> {
  const made = await fresh();
  adapters.push(made.adapter);
  await made.backend.issuance({ offered: true });
  return made;
}

/** Another tab: a same-origin frame with its own realm, sharing localStorage and Web Locks. */
async function otherTab(): Promise<typeof RestAdapter> {
  const url = new URL('../../src/adapters/rest.ts', import.meta.url).href;
  const frame = document.createElement('iframe');
  frame.srcdoc = `<script type="module">import(${JSON.stringify(url)}).then((m) => { window.RestAdapter = m.RestAdapter; parent.postMessage('tab-ready', '*'); });</script>`;
  const ready = new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== frame.contentWindow || event.data !== 'tab-ready') return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
  });
  document.body.append(frame);
  frames.push(frame);
  await ready;
  return (frame.contentWindow as unknown as { RestAdapter: typeof RestAdapter }).RestAdapter;
}

describe('RestAdapter: server-issued participants', () => {
  it('asks once, stores the identity in localStorage (no cookie), and votes as it with its token', async () => {
    const { backend, adapter } = await offering();
    const me = anonymousParticipantId();
    const at = clock();
    await adapter.castVote({ proposalId: 'p1', participantId: me, key: 'agree', votedAt: at() });
    await adapter.castVote({ proposalId: 'p2', participantId: me, key: 'disagree', votedAt: at() });
    await drain(adapter);
    const log = await quiet(backend);
    expect(issuances(log)).to.have.length(1);
    expect(issuances(log)[0]!.body).to.deep.equal({ consultationId: 'ai' });
    const identity = stored(backend)!;
    expect(identity.participantId).to.match(/^i_/);
    expect(document.cookie).to.equal('');
    for (const entry of votes(log)) {
      expect(entry.path).to.contain(`/votes/${identity.participantId}`);
      expect(entry.headers.authorization).to.equal(`Bearer ${identity.token}`);
    }
    const state = await backend.state();
    expect(Object.keys(state.votes)).to.deep.equal([identity.participantId]);
    // The widget keeps its own id: reading its votes answers what the issued identity cast.
    const mine = await adapter.getParticipantVotes(me, 'ai');
    expect(mine.map((v) => [v.proposalId, v.key])).to.deep.equal([
      ['p1', 'agree'],
      ['p2', 'disagree'],
    ]);
    expect(votes(await backend.log())).to.have.length(2);
  });

  it('a backend without the endpoint (404) keeps the anonymous id, without a token, and is asked once', async () => {
    const { backend, adapter } = await fresh();
    adapters.push(adapter);
    const me = anonymousParticipantId();
    const at = clock();
    await adapter.castVote({ proposalId: 'p1', participantId: me, key: 'agree', votedAt: at() });
    await adapter.castVote({ proposalId: 'p2', participantId: me, key: 'agree', votedAt: at() });
    await drain(adapter);
    const log = await quiet(backend);
    expect(issuances(log).map((e) => e.status)).to.deep.equal([404]);
    expect(votes(log).map((e) => [e.path, e.headers.authorization])).to.deep.equal([
      [`/proposals/p1/votes/${me}`, null],
      [`/proposals/p2/votes/${me}`, null],
    ]);
    expect(stored(backend)).to.equal(null);
  });

  it('a participant id the page chose itself is sent as it is: only the anonymous id is replaced', async () => {
    const { backend, adapter } = await offering();
    await adapter.castVote({ proposalId: 'p1', participantId: 'participant-of-the-host', key: 'agree', votedAt: clock()() });
    const log = await quiet(backend);
    expect(issuances(log)).to.have.length(0);
    expect(votes(log)[0]!.path).to.equal('/proposals/p1/votes/participant-of-the-host');
  });

  it('a vote queued offline is delivered after a reload with the stored identity and its token', async () => {
    const { backend, adapter } = await offering();
    const me = anonymousParticipantId();
    await adapter.getConsultation('ai');
    await adapter.getParticipantVotes(me, 'ai'); // the identity is issued here
    const identity = stored(backend)!;
    await backend.setFaults({ dropRate: 1, methods: ['PUT'] });
    const receipt = await adapter.castVote({ proposalId: 'p3', participantId: me, key: 'neutral', votedAt: clock()() });
    expect(receipt.delivery).to.equal('pending');
    await adapter.dispose(); // the page goes away with the vote still queued
    await backend.clearFaults();
    const reloaded = adapterFor(backend);
    adapters.push(reloaded);
    await drain(reloaded);
    const log = await quiet(backend);
    expect(issuances(log)).to.have.length(1);
    const delivered = votes(log).filter((e) => e.status === 200);
    expect(delivered).to.have.length(1);
    expect(delivered[0]!.path).to.equal(`/proposals/p3/votes/${identity.participantId}`);
    expect(delivered[0]!.headers.authorization).to.equal(`Bearer ${identity.token}`);
    expect((await backend.state()).votes[identity.participantId]?.['p3']?.key).to.equal('neutral');
  });

  it('another tab uses the same identity: one issuance for both, and its queued vote carries the token', async () => {
    const { backend, adapter } = await offering();
    const me = anonymousParticipantId();
    const OtherRestAdapter = await otherTab();
    const other = new OtherRestAdapter({ endpoint: backend.endpoint, retryBaseDelayMs: 20 });
    adapters.push(other as RestAdapter);
    const at = clock();
    // Both tabs vote at once: the lock makes the second wait for the first's identity.
    await Promise.all([
      adapter.castVote({ proposalId: 'p1', participantId: me, key: 'agree', votedAt: at() }),
      other.castVote({ proposalId: 'p2', participantId: me, key: 'agree', votedAt: at() }),
    ]);
    await drain(adapter);
    await drain(other as RestAdapter);
    const log = await quiet(backend);
    expect(issuances(log)).to.have.length(1);
    const identity = stored(backend)!;
    const delivered = votes(log).filter((e) => e.status === 200);
    expect(delivered.map((e) => e.path).sort()).to.deep.equal([`/proposals/p1/votes/${identity.participantId}`, `/proposals/p2/votes/${identity.participantId}`]);
    for (const entry of delivered) expect(entry.headers.authorization).to.equal(`Bearer ${identity.token}`);
  });

  it('a token the backend refuses (401) is replaced by a new identity and the vote is still delivered', async () => {
    const { backend, adapter } = await offering();
    const me = anonymousParticipantId();
    const at = clock();
    await adapter.castVote({ proposalId: 'p1', participantId: me, key: 'agree', votedAt: at() });
    const first = stored(backend)!;
    await backend.issuance({ revoke: true });
    const receipt = await adapter.castVote({ proposalId: 'p2', participantId: me, key: 'disagree', votedAt: at() });
    expect(receipt.delivery).to.equal('acknowledged');
    const second = stored(backend)!;
    expect(second.participantId).not.to.equal(first.participantId);
    const log = await quiet(backend);
    expect(issuances(log)).to.have.length(2);
    expect(votes(log).map((e) => e.status)).to.deep.equal([200, 401, 200]);
    expect((await backend.state()).votes[second.participantId]?.['p2']?.key).to.equal('disagree');
  });
});
