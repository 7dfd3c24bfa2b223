// @ts-check
// Fault injection of the test server: drops (a fetch TypeError), 500s, 429 with Retry-After,
// hangs, latency, token refusal; before or after the write; seeded, filtered and bounded.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startProtocolServer } from '../support/protocol-server.mjs';
import { testBackend } from '../support/protocol-client.mjs';
import { assertAnswer, assertError, call, eventually, PARTICIPANT, vote } from './helpers.mjs';

let server;
let backend;
const api = (method, path, options) => call(backend.endpoint, method, path, options);
const putVote = (key = 'agree', options = {}) =>
  api('PUT', `/proposals/p1/votes/${PARTICIPANT}`, { body: vote(key), ...options });
const storedKey = async () => (await backend.state()).votes[PARTICIPANT]?.p1?.key ?? null;

before(async () => {
  server = await startProtocolServer();
  backend = testBackend({ origin: server.origin, scope: 'faults' });
});
after(() => server.close());
beforeEach(() => backend.reset());

describe('drops', () => {
  for (const dropStyle of ['reject', 'close']) {
    it(`dropStyle ${dropStyle}: fetch rejects with a TypeError and nothing is answered`, async () => {
      await backend.setFaults({ dropRate: 1, dropStyle });
      await assert.rejects(api('GET', '/proposals/p1'), TypeError);
      const [entry] = await backend.log();
      assert.equal(entry.fault, 'drop');
      assert.equal(entry.status, null);
      assert.equal(entry.answered, false);
    });
  }

  it('faultPhase before: the dropped write was not applied', async () => {
    await backend.setFaults({ dropRate: 1, faultPhase: 'before' });
    await assert.rejects(putVote(), TypeError);
    assert.equal(await storedKey(), null);
    assert.equal((await backend.log())[0].applied, false);
  });

  it('faultPhase after: the write was applied, only the answer was lost', async () => {
    await backend.setFaults({ dropRate: 1, faultPhase: 'after' });
    await assert.rejects(putVote(), TypeError);
    assert.equal(await storedKey(), 'agree');
    const [entry] = await backend.log();
    assert.deepEqual([entry.fault, entry.phase, entry.applied], ['drop', 'after', true]);
  });

  it('faultPhase mixed: the seeded PRNG picks both phases', async () => {
    await backend.setFaults({ dropRate: 1, faultPhase: 'mixed', seed: 7 });
    for (let i = 0; i < 20; i++) await assert.rejects(api('GET', '/proposals/p1'), TypeError);
    const phases = new Set((await backend.log()).map((e) => e.phase));
    assert.deepEqual([...phases].sort(), ['after', 'before']);
  });
});

describe('error answers', () => {
  it('errorRate: 500 with a protocol error body', async () => {
    await backend.setFaults({ errorRate: 1 });
    assertError(await putVote(), 500, 'server');
    assert.equal(await storedKey(), null);
    await backend.setFaults({ errorRate: 1, faultPhase: 'after' });
    assertError(await putVote(), 500, 'server');
    assert.equal(await storedKey(), 'agree');
  });

  it('status429: the next `count` requests get 429 with Retry-After, then requests pass', async () => {
    await backend.setFaults({ status429: { count: 2, retryAfter: 3 } });
    for (let i = 0; i < 2; i++) {
      const limited = await putVote();
      assertError(limited, 429, 'rate_limited');
      assert.equal(limited.headers.get('retry-after'), '3');
    }
    assert.equal(await storedKey(), null);
    assertAnswer(await putVote(), 'castVote');
    assert.equal((await backend.getFaults()).remaining429, 0);
  });

  it('requireToken: 401 without the right bearer token; the token is logged', async () => {
    await backend.setFaults({ requireToken: 'secret' });
    assertError(await api('GET', '/proposals/p1'), 401, 'unauthorized');
    assertError(await api('GET', '/proposals/p1', { headers: { authorization: 'Bearer wrong' } }), 401, 'unauthorized');
    assertAnswer(await api('GET', '/proposals/p1', { headers: { authorization: 'Bearer secret' } }), 'getProposal');
    const entries = await backend.log();
    assert.deepEqual(entries.map((e) => e.headers.authorization), [null, 'Bearer wrong', 'Bearer secret']);
    assert.deepEqual(entries.map((e) => e.fault), ['token', 'token', null]);
  });
});

describe('slow answers', () => {
  it('hangMs, phase before: the client times out, then the write lands late', async () => {
    await backend.setFaults({ hangMs: 1000 });
    await assert.rejects(putVote('agree', { signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
    assert.equal(await storedKey(), null, 'not written while the request hangs');
    const entry = await eventually(async () => (await backend.log()).find((e) => e.applied));
    assert.deepEqual([entry.fault, entry.phase, entry.answered], ['hang', 'before', false]);
    assert.equal(await storedKey(), 'agree');
  });

  it('hangMs, phase after: written at once, the answer comes too late for the client', async () => {
    await backend.setFaults({ hangMs: 1000, faultPhase: 'after' });
    await assert.rejects(putVote('agree', { signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
    assert.equal(await storedKey(), 'agree');
  });

  it('hangMs shorter than the client’s patience: the answer arrives', async () => {
    await backend.setFaults({ hangMs: 30 });
    assertAnswer(await putVote(), 'castVote');
    assert.ok((await backend.log())[0].durationMs >= 29);
  });

  it('delayMs: every matching request waits that long, and is answered normally', async () => {
    await backend.setFaults({ delayMs: 40, methods: ['GET'] });
    assertAnswer(await api('GET', '/proposals/p1'), 'getProposal');
    assertAnswer(await putVote(), 'castVote');
    const [get, put] = await backend.log();
    assert.ok(get.durationMs >= 39, `GET took ${get.durationMs} ms`);
    assert.ok(put.durationMs < 39, 'PUT is not a matching request');
  });
});

describe('randomness, filters and bounds', () => {
  /** Outcome of each of `n` reads: 'ok', 'drop' or the HTTP status. */
  async function outcomes(n) {
    const seen = [];
    for (let i = 0; i < n; i++) {
      try {
        const answer = await api('GET', '/proposals/p1');
        seen.push(answer.status === 200 ? 'ok' : answer.status);
      } catch {
        seen.push('drop');
      }
    }
    return seen;
  }
  const share = (list, value) => list.filter((x) => x === value).length / list.length;

  it('a seed gives the same faults again; rates come out near what was asked', async () => {
    const faults = { dropRate: 0.3, errorRate: 0.3, seed: 42 };
    await backend.setFaults(faults);
    const first = await outcomes(300);
    await backend.reset();
    await backend.setFaults(faults);
    assert.deepEqual(await outcomes(300), first);
    assert.ok(Math.abs(share(first, 'drop') - 0.3) < 0.08, `drops: ${share(first, 'drop')}`);
    assert.ok(Math.abs(share(first, 500) - 0.3) < 0.08, `500s: ${share(first, 500)}`);
    await backend.setFaults({ ...faults, seed: 43 });
    assert.notDeepEqual(await outcomes(300), first);
  });

  it('methods and path restrict the faults to some requests', async () => {
    await backend.setFaults({ errorRate: 1, methods: ['PUT'] });
    assertAnswer(await api('GET', '/proposals/p1'), 'getProposal');
    assertError(await putVote(), 500, 'server');
    await backend.setFaults({ errorRate: 1, path: '^/proposals/p2' });
    assertAnswer(await api('GET', '/proposals/p1'), 'getProposal');
    assertError(await api('GET', '/proposals/p2'), 500, 'server');
  });

  it('maxFaults bounds the random faults, so a test can wait for recovery', async () => {
    await backend.setFaults({ errorRate: 1, maxFaults: 2 });
    assert.deepEqual(await outcomes(4), [500, 500, 'ok', 'ok']);
    assert.equal((await backend.getFaults()).injected, 2);
  });

  it('{} turns every fault off; the control API itself is never faulted', async () => {
    await backend.setFaults({ dropRate: 1 });
    assert.equal((await backend.getFaults()).faults.dropRate, 1);
    await backend.clearFaults();
    assert.deepEqual(await outcomes(3), ['ok', 'ok', 'ok']);
  });
});
