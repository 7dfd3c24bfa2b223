// @ts-check
/**
 * Robustness stated (issue 10): the server's results say, for each listed idea, how many more votes
 * would take it out of its list; those votes, cast through the API, do, and one fewer does not; the
 * re-run script of docs/methodology.md recomputes the same from the open data. On the seed
 * consultation: the figures the README gives, each checked by recomputing.
 *
 *   npm run build && node --test test/server/robustness.test.mjs
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSeedDataset, resultsInputOf } from '../../bench/seed-dataset.mjs';
import { loadSeedDataset } from '../../bench/seed-load.mjs';
import { assertAnswer, forEachDatabase, startServer, vote } from './server.mjs';

const { computeResults } = await import('consult-widgets/method');
const SCRIPT = new URL('../../scripts/rerun-results.mjs', import.meta.url).pathname;

/** Runs the methodology's re-run script on an export; `--json` answers the whole results. */
function rerun(exportJson, ...args) {
  const dir = mkdtempSync(join(tmpdir(), 'consult-rerun-'));
  try {
    const file = join(dir, 'export.json');
    writeFileSync(file, exportJson);
    return execFileSync(process.execPath, [SCRIPT, file, ...args], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const byId = (results) => new Map(results.proposals.map((p) => [p.proposalId, p]));
const listed = (results, id) => byId(results).get(id).rank !== null;

await forEachDatabase('robustness in the results', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  const cast = async (c, pid, key, count, prefix) => {
    for (let i = 0; i < count; i++) {
      assertAnswer(await ctx.call('PUT', `/proposals/${pid}/votes/participant-${prefix}-${String(i).padStart(4, '0')}`, { body: vote(key) }), 'castVote');
    }
  };
  const results = async (c) => assertAnswer(await ctx.call('GET', `/consultations/${c.id}/results`), 'getResults');

  it('states it for listed ideas only; that many votes through the API move the idea out, one fewer does not', async () => {
    const c = await ctx.seed();
    // p1: 14 agree, 3 disagree, 3 neutral (consensus: 0.7 agree); p2: 10 agree, 10 disagree (controversy).
    await cast(c, c.p1, 'agree', 14, 'a1');
    await cast(c, c.p1, 'disagree', 3, 'd1');
    await cast(c, c.p1, 'neutral', 3, 'n1');
    await cast(c, c.p2, 'agree', 10, 'a2');
    await cast(c, c.p2, 'disagree', 10, 'd2');
    await cast(c, c.p3, 'agree', 5, 'a3');
    const answer = await results(c);
    const p = byId(answer);
    // By hand: 14 of 24 is under 0.6 and 7 disagree of 24 is over 0.15; 14 of 23 is not under 0.6.
    assert.deepEqual(p.get(c.p1).robustness, { votes: 4, key: 'disagree', leaves: 'zone' });
    // 10 + 5 agree of 25 is 0.6: consensus.
    assert.deepEqual(p.get(c.p2).robustness, { votes: 5, key: 'agree', leaves: 'zone' });
    assert.ok(!('robustness' in p.get(c.p3)), 'an unlisted idea states none');

    await cast(c, c.p1, 'disagree', 3, 'attack-1');
    assert.equal(listed(await results(c), c.p1), true, 'one fewer than stated: still listed');
    await cast(c, c.p1, 'disagree', 1, 'attack-2');
    const after4 = await results(c);
    // Out of the popular list (it is divisive now).
    assert.equal(byId(after4).get(c.p1).zone, 'controversy');
    assert.ok(!after4.popular.some((g) => g.proposalIds.includes(c.p1)), 'the stated number: out of the popular list');

    await cast(c, c.p2, 'agree', 4, 'attack-3');
    assert.equal(listed(await results(c), c.p2), true);
    await cast(c, c.p2, 'agree', 1, 'attack-4');
    assert.equal(byId(await results(c)).get(c.p2).zone, 'consensus');
  });

  it('the re-run script recomputes the same results, robustness included, from the open data', async () => {
    const c = await ctx.seed();
    await cast(c, c.p1, 'agree', 18, 'a');
    await cast(c, c.p1, 'disagree', 4, 'd');
    await cast(c, c.p2, 'agree', 11, 'a');
    await cast(c, c.p2, 'disagree', 9, 'd');
    const exported = await ctx.call('GET', `/consultations/${c.id}/export.json`);
    assert.equal(exported.status, 200);
    const server = await results(c);
    assert.deepEqual(JSON.parse(rerun(exported.text, '--json')), server);
    const text = rerun(exported.text);
    const r = byId(server).get(c.p1).robustness;
    assert.match(text, new RegExp(`${r.votes} more ${r.key}`));
  });
});

describe('the re-run script of docs/methodology.md', () => {
  it('is the script the tests run, word for word', () => {
    const doc = readFileSync(new URL('../../docs/methodology.md', import.meta.url), 'utf8');
    const found = doc.slice(doc.indexOf('## Re-running it on the open data')).match(/```js\n([\s\S]*?)```/) ?? assert.fail('no js block in docs/methodology.md');
    const block = found[1];
    assert.equal(block, readFileSync(SCRIPT, 'utf8'));
  });
});

describe('robustness of the seed consultation (121,325 votes)', () => {
  let dataset;
  let expected;
  before(() => {
    dataset = generateSeedDataset(1);
    expected = computeResults(resultsInputOf(dataset));
  });

  const ideas = (results) => results.proposals.filter((p) => p.rank !== null);

  it('every one of the 24 ideas: its stated votes move it out of its list, one fewer of any single kind does not', () => {
    const input = resultsInputOf(dataset);
    const kinds = { consensus: ['disagree', 'neutral'], controversy: ['agree', 'disagree', 'neutral'] };
    const recompute = (id, zone, key, k) => {
      const rows = input.rows.map((row) => {
        if (row.proposalId !== id) return row;
        const q = { ...row.qualifications };
        // A popular idea's adverse disagree votes carry all three of their qualifications.
        if (zone === 'consensus' && key === 'disagree') for (const n of ['noWay', 'impossible', 'platitudeDisagree']) q[n] = (q[n] ?? 0) + k;
        return { ...row, votes: { ...row.votes, [key]: row.votes[key] + k }, qualifications: q };
      });
      const p = byId(computeResults({ ...input, rows })).get(id);
      return p.rank !== null;
    };
    const listedIdeas = ideas(expected);
    assert.equal(listedIdeas.length, 24);
    for (const p of listedIdeas) {
      const r = p.robustness;
      assert.equal(recompute(p.proposalId, p.zone, r.key, r.votes), false, `${p.proposalId}: ${r.votes} ${r.key} move it`);
      for (const key of kinds[p.zone]) assert.equal(recompute(p.proposalId, p.zone, key, r.votes - 1), true, `${p.proposalId}: ${r.votes - 1} ${key} do not`);
    }
  });

  it('the figures of the README: smallest and median per list', () => {
    const figures = (zone) => {
      const votes = ideas(expected)
        .filter((p) => p.zone === zone)
        .map((p) => p.robustness.votes)
        .sort((a, b) => a - b);
      return { count: votes.length, smallest: votes[0], median: votes[Math.floor(votes.length / 2)] };
    };
    assert.deepEqual(figures('consensus'), { count: 15, smallest: 119, median: 296 });
    assert.deepEqual(figures('controversy'), { count: 9, smallest: 485, median: 719 });
    // governance-2 (the attack: 125 disagree votes): 119 are enough, by leaving its zone.
    assert.deepEqual(byId(expected).get('governance-2').robustness, { votes: 119, key: 'disagree', leaves: 'zone' });
  });
});

await forEachDatabase('the seed consultation in a server', (database) => {
  const dataset = generateSeedDataset(1);
  it('loaded into a real server, its results and the re-run script on its open data say the same', async (t) => {
    const ctx = await startServer({ database: database.id });
    t.after(() => ctx.close());
    await loadSeedDataset(ctx.storage, dataset);
    const id = dataset.importFile.consultation.id;
    const server = assertAnswer(await ctx.call('GET', `/consultations/${id}/results`), 'getResults');
    const stated = (results) => results.proposals.filter((p) => p.rank !== null).map((p) => [p.proposalId, p.robustness]).sort();
    const expected = computeResults(resultsInputOf(dataset));
    assert.deepEqual(stated(server), stated(expected));
    const exported = await ctx.call('GET', `/consultations/${id}/export.json`);
    assert.deepEqual(JSON.parse(rerun(exported.text, '--json')), server);
    const text = rerun(exported.text);
    assert.match(text, /♥ popular: 15 ideas; robustness: smallest 119, median 296 votes/);
    assert.match(text, /⚡ divisive: 9 ideas; robustness: smallest 485, median 719 votes/);
  });
});
