// @ts-check
/**
 * Trusted counting (issue 10) against the issue's attacks, on the seed consultation (121,325 votes,
 * loaded as issued identities) in a real server, on SQLite and PostgreSQL. Requests go through
 * `app.inject({ remoteAddress })`, so each one comes from the address an attacker would use; rate
 * limits are off (the attacker's best case). The lists are compared before and after each attack.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { generateSeedDataset } from '../../bench/seed-dataset.mjs';
import { loadSeedDataset } from '../../bench/seed-load.mjs';
import { forEachDatabase, startServer } from './server.mjs';
import { inFlight } from './attack.mjs';

const { computeResults, countedRows } = await import('consult-widgets/method');

const dataset = generateSeedDataset(1);
const ID = dataset.importFile.consultation.id;
/** The vote and qualifications that push an idea out of its list fastest (methodology, section 6). */
const DAMAGE = { agree: [], disagree: ['noWay', 'impossible', 'platitudeDisagree'], neutral: [] };

const listsOf = (results) => ({ popular: results.popular, divisive: results.divisive });
/** Requests the attacker keeps in flight (each participant's vote, then its qualifications, in order). */
const IN_FLIGHT = 16;

await forEachDatabase('trusted counting against the attacks on the seed', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  let original;
  before(async () => {
    ctx = await startServer({ database: database.id });
    await loadSeedDataset(ctx.storage, dataset);
    original = await results();
  });
  after(() => ctx?.close());

  /**
   * @param {import('fastify').HTTPMethods} method
   * @param {string} url
   * @param {string} remoteAddress
   * @param {{ body?: object, token?: string }} [options]
   */
  async function send(method, url, remoteAddress, { body, token } = {}) {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const answer = await ctx.server.app.inject({ method, url: `/api/v1${url}`, remoteAddress, headers, ...(body ? { payload: body } : {}) });
    return { status: answer.statusCode, json: answer.json() };
  }
  async function results() {
    const answer = await send('GET', `/consultations/${ID}/results`, '192.0.2.1');
    assert.equal(answer.status, 200);
    return answer.json;
  }
  /** One participant's vote with its qualifications; every write must be accepted. */
  async function cast(remoteAddress, participantId, proposalId, key, qualifications = [], token) {
    const votedAt = new Date().toISOString();
    const voted = await send('PUT', `/proposals/${proposalId}/votes/${participantId}`, remoteAddress, { body: { key, votedAt }, token });
    assert.equal(voted.status, 200, JSON.stringify(voted.json));
    for (const q of qualifications) {
      const qualified = await send('PUT', `/proposals/${proposalId}/votes/${participantId}/qualifications/${q}`, remoteAddress, { body: { votedAt }, token });
      assert.equal(qualified.status, 200, JSON.stringify(qualified.json));
    }
  }
  /** Every identity POST /participants gives `addressOf(i)` before it answers 429. */
  async function issueAll(addressOf) {
    const issued = [];
    for (let i = 1; i <= 1000; i++) {
      const answer = await send('POST', '/participants', addressOf(i), { body: { consultationId: ID } });
      if (answer.status === 429) return issued;
      assert.equal(answer.status, 201, JSON.stringify(answer.json));
      issued.push(answer.json);
    }
    throw new Error('the issuance budget let 1,000 identities through');
  }

  it('starts from the published 15 popular ideas in 6 themes and 9 divisive ones, all votes trusted', () => {
    assert.equal(original.popular.flatMap((g) => g.proposalIds).length, 15);
    assert.equal(original.popular.length, 6);
    assert.equal(original.divisive.length, 9);
    assert.deepEqual(original.untrusted, { votes: 0, counted: false });
  });

  it('(a) fresh client-chosen ids from one IPv4 address and one IPv6 /64 change no list: their votes are counted apart', async () => {
    const before = await results();
    const popular = 'governance-2';
    const divisive = 'public-interest-5';
    assert.ok(before.popular.some((g) => g.proposalIds.includes(popular)) && before.divisive.includes(divisive));
    // The issue's attacks, larger: 125 such disagree votes took governance-2 out of every list, 755
    // agree votes with likeIt and doable moved public-interest-5 into the popular list.
    await inFlight(300, IN_FLIGHT, (i) => cast('203.0.113.66', `attacker-v4-${i}`, popular, 'disagree', DAMAGE.disagree));
    await inFlight(800, IN_FLIGHT, (i) => cast(`2001:db8:66:1::${(i + 1).toString(16)}`, `attacker-v6-${i}`, divisive, 'agree', ['likeIt', 'doable']));

    const attacked = await results();
    assert.deepEqual(listsOf(attacked), listsOf(original));
    assert.deepEqual(attacked.untrusted, { votes: 1100, counted: false });
    // Shown apart in the open data, qualifications too.
    const exported = (await send('GET', `/consultations/${ID}/export.json`, '192.0.2.1')).json;
    const row = (id) => exported.proposals.find((p) => p.id === id);
    assert.deepEqual(row(popular).untrustedVotes, { agree: 0, disagree: 300, neutral: 0 });
    assert.deepEqual(row(popular).untrustedQualifications, { noWay: 300, impossible: 300, platitudeDisagree: 300 });
    assert.deepEqual(row(divisive).untrustedVotes, { agree: 800, disagree: 0, neutral: 0 });
    assert.equal(exported.consultation.countUntrusted, false);
    // The attack is real: counting those votes moves both ideas.
    const all = countedRows(await ctx.storage.results(ID), true);
    const counted = computeResults({ consultationId: ID, counts: attacked.counts, rows: all.rows });
    assert.equal(counted.popular.some((g) => g.proposalIds.includes(popular)), false);
    assert.equal(counted.popular.some((g) => g.proposalIds.includes(divisive)), true);
  });

  it('(b) every identity the issuance budget allows, from one IPv4 address and one IPv6 /64: the bound is the budget', async (t) => {
    const before = await results();
    const fromV4 = await issueAll(() => '198.51.100.66');
    const fromV6 = await issueAll((i) => `2001:db8:77:1::${i.toString(16)}`);
    // The default budget: 60 identities an hour per address (docs/server.md).
    assert.equal(fromV4.length, 60);
    assert.equal(fromV6.length, 60);
    const bound = fromV4.length + fromV6.length;
    const listed = before.proposals.filter((p) => p.rank !== null);
    const weak = listed.filter((p) => p.robustness && p.robustness.votes <= bound).map((p) => `${p.proposalId} (${p.robustness.votes})`);
    t.diagnostic(`${bound} issued identities from the two addresses; listed ideas whose robustness is within that: ${weak.join(', ') || 'none'}`);
    // The most fragile idea the bound covers, attacked with every identity's most damaging vote.
    const target = listed.filter((p) => p.robustness && p.robustness.votes > bound).sort((a, b) => a.robustness.votes - b.robustness.votes)[0];
    const { key } = target.robustness;
    const extra = before.divisive.includes(target.proposalId) ? [] : DAMAGE[key];
    await inFlight(fromV4.length, IN_FLIGHT, (i) => cast('198.51.100.66', fromV4[i].participantId, target.proposalId, key, extra, fromV4[i].token));
    await inFlight(fromV6.length, IN_FLIGHT, (i) => cast(`2001:db8:77:1::${(i + 1).toString(16)}`, fromV6[i].participantId, target.proposalId, key, extra, fromV6[i].token));
    const attacked = await results();
    assert.deepEqual(listsOf(attacked), listsOf(original), `${target.proposalId} (robustness ${target.robustness.votes}) took ${bound} votes`);
    const shown = attacked.proposals.find((p) => p.proposalId === target.proposalId);
    const was = before.proposals.find((p) => p.proposalId === target.proposalId);
    assert.equal(shown.votes[key] - was.votes[key], bound, 'the issued votes count');
    assert.equal(attacked.untrusted.votes, before.untrusted.votes, 'and none of them is untrusted');
  });

  it('honest participants behind one NAT (a class of 30 with issued identities) still count', async () => {
    const before = await results();
    const school = '192.0.2.30';
    const pupils = await Promise.all(Array.from({ length: 30 }, () => send('POST', '/participants', school, { body: { consultationId: ID } })));
    assert.deepEqual(new Set(pupils.map((p) => p.status)), new Set([201]));
    const idea = before.proposals.find((p) => p.rank === null && p.zone === 'limbo');
    await inFlight(pupils.length, IN_FLIGHT, (i) => cast(school, pupils[i].json.participantId, idea.proposalId, 'agree', [], pupils[i].json.token));
    const after = await results();
    const now = after.proposals.find((p) => p.proposalId === idea.proposalId);
    assert.equal(now.votes.agree, idea.votes.agree + 30);
    assert.equal(after.untrusted.votes, before.untrusted.votes);
  });
});
