// @ts-check
/**
 * Issue 10's attacks for ten minutes of simulated time, on the seed consultation (121,325 votes,
 * loaded as issued identities) in a real server with its default rate limits and issuance budget,
 * on SQLite and PostgreSQL. The server reads a simulated clock (`createConsultServer({ now })`);
 * the attacker paces itself as the limits make it: when refused (429) it waits out `Retry-After`,
 * which here moves the clock. Requests go through `app.inject({ remoteAddress })`, so each comes
 * from the address an attacker would use.
 *
 *   (a) fresh client-chosen ids, from one IPv4 address and from one IPv6 /64 (addresses rotated
 *       inside it): every vote the rate limits let through, on the most fragile listed ideas;
 *   (b) every identity the issuance budget lets one IPv4 address, then one IPv6 /64, obtain,
 *       each voting the most damaging way on the five most fragile listed ideas.
 * No published list changes; (a)'s votes are untrusted, (b)'s issued, bounded by the budget and
 * shown to the operator as a cohort of their source;
 * a class of 30 behind one school NAT votes during each attack and counts.
 * trusted-counting.test.mjs has the same attacks without time and without rate limits.
 *
 *   npm run build && node --test test/server/attack-ten-minutes.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { generateSeedDataset } from '../../bench/seed-dataset.mjs';
import { loadSeedDataset } from '../../bench/seed-load.mjs';
import { ADMIN_TOKEN, forEachDatabase, startServer } from './server.mjs';
import { listsOf, MINUTE, mostFragile, publishedIdeas, simulatedClock } from './attack.mjs';

const { computeResults, countedRows } = await import('consult-widgets/method');
const { DEFAULT_ISSUANCE, DEFAULT_RATE_LIMITS } = await import('consult-server');

const dataset = generateSeedDataset(1);
const ID = dataset.importFile.consultation.id;
const READER = '192.0.2.1';
const SCHOOL = '192.0.2.30';
const OPERATOR = '192.0.2.2';
/** Requests the attacker keeps in flight (a script on one machine). */
const IN_FLIGHT = 48;

await forEachDatabase('ten minutes of simulated attack on the seed, default limits', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  let clock;
  let original;
  before(async () => {
    clock = simulatedClock();
    // `rateLimit: {}`: the defaults, on (the test server turns them off unless told).
    ctx = await startServer({ database: database.id, now: clock.now, rateLimit: {} });
    await loadSeedDataset(ctx.storage, dataset);
    original = await results();
  });
  after(() => ctx?.close());

  /**
   * @param {import('fastify').HTTPMethods} method
   * @param {string} url
   * @param {string} remoteAddress
   * @param {{ body?: object, token?: string, admin?: boolean }} [options]
   */
  async function send(method, url, remoteAddress, { body, token, admin } = {}) {
    const authorization = admin ? `Bearer ${ADMIN_TOKEN}` : token ? `Bearer ${token}` : undefined;
    const answer = await ctx.server.app.inject({
      method,
      url: `/api/v1${url}`,
      remoteAddress,
      headers: authorization ? { authorization } : {},
      ...(body ? { payload: body } : {}),
    });
    return { status: answer.statusCode, json: answer.json(), retryAfter: Number(answer.headers['retry-after'] ?? 0) };
  }
  async function results() {
    const answer = await send('GET', `/consultations/${ID}/results`, READER);
    assert.equal(answer.status, 200);
    return answer.json;
  }
  const proposal = (r, id) => r.proposals.find((p) => p.proposalId === id);

  /**
   * Sends one request as a paced attacker would: on 429 it waits out `Retry-After` (the clock
   * moves) and sends again, until `end`. Resolves to the answer, or null when time ran out.
   */
  async function paced(tally, end, method, url, remoteAddress, init) {
    for (;;) {
      const sentAt = clock.now();
      if (sentAt >= end) return null;
      const answer = await send(method, url, remoteAddress, init);
      if (answer.status !== 429) {
        tally.accepted++;
        assert.equal(answer.status, 200, `${method} ${url}: ${JSON.stringify(answer.json)}`);
        return answer;
      }
      tally.refused++;
      assert.ok(answer.retryAfter >= 1, 'a refusal says how long to wait');
      clock.until(sentAt + answer.retryAfter * 1000); // every worker refused at once waits once
    }
  }

  /** `IN_FLIGHT` workers calling `task(i)` for i = 0, 1, … until `task` answers false. */
  async function swarm(task) {
    let next = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (await task(next++));
    }));
  }

  /** 30 pupils behind `SCHOOL` get issued identities and agree with `idea`; every answer must be a success. */
  async function schoolClass(idea) {
    const pupils = await Promise.all(Array.from({ length: 30 }, () => send('POST', '/participants', SCHOOL, { body: { consultationId: ID } })));
    assert.deepEqual(pupils.map((p) => p.status), Array(30).fill(201), 'every pupil got an identity');
    const votes = await Promise.all(
      pupils.map(({ json }) => send('PUT', `/proposals/${idea}/votes/${json.participantId}`, SCHOOL, { body: { key: 'agree', votedAt: clock.iso() }, token: json.token })),
    );
    assert.deepEqual(votes.map((v) => v.status), Array(30).fill(200), 'every pupil voted');
  }
  /** An idea no list holds, for the classes: their votes must count, not move a list. */
  const classIdea = () => original.proposals.find((p) => p.rank === null && p.zone === 'limbo').proposalId;

  it('starts from the published lists, every vote trusted, the limits at their defaults', () => {
    assert.equal(original.popular.flatMap((g) => g.proposalIds).length, 15);
    assert.equal(original.divisive.length, 9);
    assert.deepEqual(original.untrusted, { votes: 0, counted: false });
    assert.equal(DEFAULT_RATE_LIMITS.perAddress, 2400);
    assert.equal(DEFAULT_ISSUANCE.perAddress, 60);
  });

  it('(a) ten minutes of fresh client-chosen ids from one IPv4 address and one IPv6 /64, as fast as the rate limits allow: no list changes, every vote untrusted', async (t) => {
    const targets = mostFragile(original, 5);
    const sources = [
      { name: 'IPv4', address: () => '203.0.113.66', id: (i) => `attacker-v4-${i}` },
      { name: 'IPv6 /64', address: (i) => `2001:db8:66:1::${(i % 65_535 + 1).toString(16)}`, id: (i) => `attacker-v6-${i}` },
    ];
    const sentTo = new Map(targets.map((target) => [target.proposalId, 0]));
    const idea = classIdea();
    let sent = 0;
    let classVoted = false;
    for (const source of sources) {
      const start = clock.now();
      const end = start + 10 * MINUTE;
      const tally = { accepted: 0, refused: 0, votes: 0 };
      await swarm(async (i) => {
        if (!classVoted && clock.now() >= start + 5 * MINUTE) {
          classVoted = true;
          await schoolClass(idea);
        }
        const target = targets[i % targets.length];
        const [address, participant] = [source.address(i), source.id(i)];
        const voted = await paced(tally, end, 'PUT', `/proposals/${target.proposalId}/votes/${participant}`, address, {
          body: { key: target.key, votedAt: clock.iso() },
        });
        if (!voted) return false;
        tally.votes++;
        sentTo.set(target.proposalId, sentTo.get(target.proposalId) + 1);
        for (const q of target.qualifications) {
          const url = `/proposals/${target.proposalId}/votes/${participant}/qualifications/${q}`;
          if (!(await paced(tally, end, 'PUT', url, address, { body: { votedAt: clock.iso() } }))) return false;
        }
        return true;
      });
      t.diagnostic(`${source.name}: ${tally.votes} votes in ${tally.accepted} accepted requests, ${tally.refused} refused (429), over ${(clock.now() - start) / 1000} simulated s`);
      assert.ok(classVoted, 'the class voted during the attack');
      // The limit is the bound: at most 2,400 requests in any 57 s (the window less one slice),
      // so at most 11 × 2,400 in 600 s; and the attacker did use it (its pacing is not the bound).
      assert.ok(tally.accepted <= 11 * DEFAULT_RATE_LIMITS.perAddress, `${tally.accepted} requests accepted in ten minutes`);
      assert.ok(tally.accepted >= 9 * DEFAULT_RATE_LIMITS.perAddress, `${tally.accepted} requests accepted in ten minutes`);
      assert.ok(tally.refused > 0);
      sent += tally.votes;
    }

    const attacked = await results();
    assert.deepEqual(listsOf(attacked), listsOf(original), 'no published list changed');
    assert.deepEqual(attacked.untrusted, { votes: sent, counted: false }, 'every attack vote counted apart');
    assert.equal(proposal(attacked, idea).votes.agree, proposal(original, idea).votes.agree + 30, 'the class counted');
    // Shown apart in the open data, per idea.
    const exported = (await send('GET', `/consultations/${ID}/export.json`, READER)).json;
    for (const target of targets) {
      const row = exported.proposals.find((p) => p.id === target.proposalId);
      assert.equal(row.untrustedVotes[target.key], sentTo.get(target.proposalId), target.proposalId);
    }
    // The attack is real: counted, those votes move the lists.
    const all = countedRows(await ctx.storage.results(ID), true);
    const counted = computeResults({ consultationId: ID, counts: attacked.counts, rows: all.rows });
    assert.notDeepEqual(listsOf(counted), listsOf(original), 'counting the untrusted votes would have changed the lists');
  });

  it('(b) ten minutes of every identity the issuance budget allows, from one IPv4 address then one IPv6 /64: issued, bounded by the budget, no list changes', async (t) => {
    const before = await results();
    const targets = mostFragile(before, 5);
    const bound = DEFAULT_ISSUANCE.perAddress;
    t.diagnostic(`targets (robustness): ${targets.map((x) => `${x.proposalId} (${x.robustness})`).join(', ')}; budget ${bound} per address`);
    const sources = [
      { name: 'IPv4', address: () => '198.51.100.66' },
      { name: 'IPv6 /64', address: (i) => `2001:db8:77:1::${(i + 1).toString(16)}` },
    ];
    const idea = classIdea();
    const classBefore = proposal(before, idea).votes.agree;
    for (const [s, source] of sources.entries()) {
      const start = clock.now();
      const end = start + 10 * MINUTE;
      const identities = [];
      const refusals = [];
      const tally = { accepted: 0, refused: 0 };
      let classVoted = s > 0; // during the first source's attack only
      // Ask for identities all along the ten minutes (every 30 s once refused), vote with each at once.
      for (let i = 0; clock.now() < end; i++) {
        if (!classVoted && clock.now() >= start + 5 * MINUTE) {
          classVoted = true;
          await schoolClass(idea); // the same school as in (a): its second class this hour
        }
        const address = source.address(i);
        const answer = await send('POST', '/participants', address, { body: { consultationId: ID } });
        if (answer.status === 429) {
          refusals.push(answer.retryAfter);
          clock.advance(30_000);
          continue;
        }
        assert.equal(answer.status, 201, JSON.stringify(answer.json));
        const { participantId, token } = answer.json;
        identities.push(participantId);
        await Promise.all(
          targets.map(async ({ proposalId, key, qualifications }) => {
            const url = `/proposals/${proposalId}/votes/${participantId}`;
            await paced(tally, end, 'PUT', url, address, { body: { key, votedAt: clock.iso() }, token });
            for (const q of qualifications) await paced(tally, end, 'PUT', `${url}/qualifications/${q}`, address, { body: { votedAt: clock.iso() }, token });
          }),
        );
        clock.advance(2000); // a few seconds per identity's votes
      }
      t.diagnostic(`${source.name}: ${identities.length} identities issued, ${refusals.length} refused (Retry-After ${refusals[0]} s … ${refusals.at(-1)} s)`);
      assert.equal(identities.length, bound, 'the budget is the bound');
      assert.ok(refusals.length >= 10, 'the budget refused the rest, all along the ten minutes');
      assert.ok(refusals.every((seconds) => seconds > (end - start) / 1000 - 30 && seconds <= DEFAULT_ISSUANCE.windowMs / 1000), `Retry-After: ${refusals}`);
      assert.equal(tally.refused, 0, 'the votes were within the rate limits');

      const attacked = await results();
      assert.deepEqual(publishedIdeas(attacked), publishedIdeas(original), `no published idea changed (${source.name})`);
      if (JSON.stringify(listsOf(attacked)) !== JSON.stringify(listsOf(original))) t.diagnostic(`${source.name}: the order within a list changed`);
      assert.equal(attacked.untrusted.votes, before.untrusted.votes, 'none of the votes is untrusted');
      for (const target of targets) {
        const [was, now] = [proposal(before, target.proposalId), proposal(attacked, target.proposalId)];
        assert.equal(now.votes[target.key] - was.votes[target.key], bound, `${target.proposalId}: every issued vote counts`);
      }
      // What the operator sees (admin API): the attack as one cohort of its source, its votes counted.
      const seen = await send('GET', `/admin/consultations/${ID}/cohorts`, OPERATOR, { admin: true });
      assert.equal(seen.status, 200);
      const cohort = seen.json.cohorts.find((c) => c.kind === 'origin' && c.members === bound);
      assert.ok(cohort, `${source.name}: the attack shows as a cohort: ${JSON.stringify(seen.json.cohorts.map(({ effect: _e, ...c }) => c))}`);
      assert.equal(cohort.votes, bound * targets.length, 'with every vote of its identities');
      // The operator erases them (admin API) before the next source: each attack is one source's.
      for (const id of identities) assert.equal((await send('DELETE', `/admin/participants/${id}`, OPERATOR, { admin: true })).status, 200);
      const erased = await results();
      for (const target of targets) assert.deepEqual(proposal(erased, target.proposalId).votes, proposal(before, target.proposalId).votes);
    }
    const last = await results();
    assert.equal(proposal(last, idea).votes.agree, classBefore + 30, 'the second class of the school counted');
    // Both sources together hold twice the budget: an attacker with an IPv4 address and an IPv6 /64
    // (any dual-stack line) reaches ideas whose robustness is within that; cohorts show them.
    const reachable = mostFragile(original, 24).filter((x) => x.robustness <= 2 * bound);
    t.diagnostic(`listed ideas within ${2 * bound} votes (one IPv4 address and one IPv6 /64 together): ${reachable.map((x) => `${x.proposalId} (${x.robustness})`).join(', ') || 'none'}`);
  });
});
