import { expect, waitUntil } from '@open-wc/testing';
import { ConsultError } from '../../src/adapters/errors.js';
import { Outbox, type OutboxEntry } from '../../src/adapters/outbox.js';

let names = 0;
const uniqueName = () => `outbox-test-${Date.now()}-${++names}`;

/** A backend stand-in for the queue's own logic (the REST tests use a real HTTP server). */
function backend() {
  const sent: OutboxEntry[] = [];
  let failures: ConsultError[] = [];
  return {
    sent,
    failNext(...errors: ConsultError[]) {
      failures = errors;
    },
    send: async (entry: OutboxEntry) => {
      sent.push(entry);
      const failure = failures.shift();
      if (failure) throw failure;
      return { ok: entry.proposalId };
    },
  };
}

/** A vote on proposal `proposalId` (the participant is always the same one). */
const vote = (proposalId: string, value: string) => ({
  kind: 'vote' as const,
  participantId: 'participant-1',
  proposalId,
  method: 'PUT' as const,
  path: `/p/${proposalId}`,
  body: { value },
});

describe('Outbox', () => {
  it('delivers an entry an earlier version stored (no participant field, an `after` key), with its fields completed', async () => {
    const name = uniqueName();
    const prefix = `consult-widgets:outbox:${name}:`;
    const old = { seq: 1, attempts: 0, due: 0, method: 'PUT', body: {} };
    localStorage.setItem(`${prefix}v|old-participant|p-1`, JSON.stringify({ ...old, key: 'v|old-participant|p-1', kind: 'vote', path: '/v', proposalId: 'p-1' }));
    localStorage.setItem(
      `${prefix}q|old-participant|p-1|likeIt`,
      JSON.stringify({ ...old, seq: 2, key: 'q|old-participant|p-1|likeIt', kind: 'qualification', path: '/q', proposalId: 'p-1', after: 'v|old-participant|p-1' }),
    );
    const server = backend();
    const outbox = new Outbox({ name, send: server.send });
    await waitUntil(() => server.sent.length === 2, 'the stored entries were not delivered');
    expect(server.sent.map(({ kind, participantId, proposalId, path }) => ({ kind, participantId, proposalId, path }))).to.deep.equal([
      { kind: 'vote', participantId: 'old-participant', proposalId: 'p-1', path: '/v' },
      { kind: 'qualification', participantId: 'old-participant', proposalId: 'p-1', path: '/q' },
    ]);
    expect((server.sent[1] as { qualification?: string }).qualification).to.equal('likeIt');
    await outbox.dispose();
  });

  it('stores an entry before sending it, and removes it once delivered', async () => {
    const name = uniqueName();
    let storedWhenSent: string | null = null;
    const outbox = new Outbox({
      name,
      send: async (entry) => {
        storedWhenSent = localStorage.getItem(`consult-widgets:outbox:${name}:${entry.key}`);
        return 'ok';
      },
    });
    const result = await outbox.put(vote('a', '1'));
    expect(result).to.deep.equal({ status: 'delivered', answer: 'ok' });
    expect(storedWhenSent).to.contain('"proposalId":"a"');
    expect(outbox.entries()).to.deep.equal([]);
  });

  it('keeps a retryable failure, retries with backoff, and reports the later delivery', async () => {
    const server = backend();
    const outbox = new Outbox({ name: uniqueName(), send: server.send, baseDelayMs: 20 });
    const delivered: string[] = [];
    outbox.onSettled((entry, result) => delivered.push(`${entry.proposalId}:${result.status}`));
    server.failNext(new ConsultError('network', 'offline'), new ConsultError('server', '503'));
    expect((await outbox.put(vote('a', '1'))).status).to.equal('queued');
    expect(outbox.entries().map((e) => e.attempts)).to.deep.equal([1]);
    await waitUntil(() => delivered.length === 1, 'never delivered after the failures');
    expect(delivered).to.deep.equal(['a:delivered']);
    expect(server.sent.length).to.equal(3);
    expect(outbox.entries()).to.deep.equal([]);
  });

  it('drops an entry the backend refuses for good, and says why', async () => {
    const server = backend();
    const outbox = new Outbox({ name: uniqueName(), send: server.send });
    server.failNext(new ConsultError('closed', 'Closed.'));
    const result = await outbox.put(vote('a', '1'));
    expect(result.status).to.equal('failed');
    expect(result.status === 'failed' && result.error.code).to.equal('closed');
    expect(outbox.entries()).to.deep.equal([]);
    expect(server.sent.length).to.equal(1);
  });

  it('coalesces by key: while offline, only the latest intention is kept and sent', async () => {
    const server = backend();
    const outbox = new Outbox({ name: uniqueName(), send: server.send, baseDelayMs: 10_000 });
    server.failNext(new ConsultError('network', 'offline'));
    await outbox.put(vote('a', 'agree'));
    const second = outbox.put(vote('a', 'disagree'));
    const third = outbox.put(vote('a', 'neutral'));
    expect((await second).status).to.equal('queued');
    expect(outbox.entries().map((e) => (e.body as { value: string }).value)).to.deep.equal(['neutral']);
    await third;
    await outbox.flush();
    expect(server.sent.map((e) => (e.body as { value: string }).value).at(-1)).to.equal('neutral');
  });

  it('honours Retry-After over a shorter backoff', async () => {
    const server = backend();
    const outbox = new Outbox({ name: uniqueName(), send: server.send, baseDelayMs: 1 });
    server.failNext(new ConsultError('rate_limited', 'slow down', { retryAfterMs: 60_000 }));
    const before = Date.now();
    await outbox.put(vote('a', '1'));
    expect(outbox.entries()[0]!.due).to.be.at.least(before + 60_000);
  });

  it('resumes what an earlier page left behind (a reload)', async () => {
    const name = uniqueName();
    const offline = async () => {
      throw new ConsultError('network', 'offline');
    };
    const closedPage = new Outbox({ name, send: offline, baseDelayMs: 60_000 });
    await closedPage.put(vote('left', 'behind'));
    await closedPage.dispose();
    const second = backend();
    new Outbox({ name, send: second.send });
    await waitUntil(() => second.sent.length === 1, 'the new page never sent the stored entry');
    expect(second.sent[0]!.proposalId).to.equal('left');
  });

  for (const [how, locks] of [['with Web Locks', undefined], ['with the storage lease (no Web Locks)', null]] as const) {
  it(`two tabs sharing the queue never send one entry twice, ${how}`, async () => {
    const name = uniqueName();
    const server = backend();
    const slowSend = async (entry: OutboxEntry) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return server.send(entry);
    };
    const tabA = new Outbox({ name, send: slowSend, locks });
    const tabB = new Outbox({ name, send: slowSend, locks });
    await Promise.all([tabA.put(vote('a', '1')), tabB.put(vote('b', '1')), tabA.put(vote('c', '1'))]);
    await Promise.all([tabA.flush(), tabB.flush()]);
    await waitUntil(() => tabA.entries().length === 0, 'entries left undelivered');
    const sent = server.sent.map((e) => e.proposalId).sort();
    expect(sent).to.deep.equal(['a', 'b', 'c']);
  });
  }

  it('holds a qualification back while its vote waits, then sends both in order', async () => {
    const server = backend();
    const outbox = new Outbox({ name: uniqueName(), send: server.send, baseDelayMs: 60_000 });
    server.failNext(new ConsultError('network', 'offline'));
    expect((await outbox.put(vote('p1', 'agree'))).status).to.equal('queued'); // now waits a minute
    const qualification = { ...vote('p1', 'on'), kind: 'qualification' as const, qualification: 'likeIt' };
    expect((await outbox.put(qualification)).status, 'sent before its vote').to.equal('queued');
    // Another participant's qualification on the same proposal does not wait for this vote.
    expect((await outbox.put({ ...qualification, participantId: 'participant-2' })).status).to.equal('delivered');
    const sent = () => server.sent.map((e) => `${e.kind}:${e.participantId}`);
    expect(sent()).to.deep.equal(['vote:participant-1', 'qualification:participant-2']); // the failed try, the other one
    await outbox.flush(true); // e.g. back online
    expect(sent()).to.deep.equal(['vote:participant-1', 'qualification:participant-2', 'vote:participant-1', 'qualification:participant-1']);
    expect(outbox.entries()).to.deep.equal([]);
    await outbox.dispose();
  });
});
