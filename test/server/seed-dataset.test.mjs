// @ts-check
/**
 * The seed replay dataset (bench/seed-dataset.mjs, bench/seed-load.mjs): same seed, same dataset;
 * the published counters exactly; the 24 published ideas exactly the 15 popular and 9 divisive ones
 * by the project's results method; and the same picture once the votes went through a real storage.
 *
 *   npm run build && node --test test/server/seed-dataset.test.mjs
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import * as z from 'zod/mini';
import { categories, consultation, proposals as ideas } from '../../demo/data/ai-action-summit.js';
import { generateSeedDataset, resultsInputOf, SEED_COUNTS, topLists } from '../../bench/seed-dataset.mjs';
import { loadSeedDataset } from '../../bench/seed-load.mjs';

// The built code (npm test builds first): one results implementation, the storage as the server runs it.
const { computeResults, DEFAULT_RESULTS_OPTIONS } = await import('consult-widgets/method');
const { openStorage } = await import('consult-server');
const { ImportFile } = await import('consult-widgets/protocol/admin');
const { QUALIFICATIONS_BY_KEY } = await import('consult-widgets/protocol');

const hashOf = (dataset) => createHash('sha256').update(JSON.stringify([dataset.importFile, dataset.votes])).digest('hex');
const sorted = (ids) => [...ids].sort();
const ideaIds = (category) => ideas.filter((i) => categories[i.id] === category).map((i) => i.id);

describe('seed replay dataset', () => {
  let dataset;
  before(() => {
    dataset = generateSeedDataset(1);
  });

  it('is the same for the same seed and different for another', () => {
    assert.equal(hashOf(generateSeedDataset(1)), hashOf(dataset));
    assert.notEqual(hashOf(generateSeedDataset(2)), hashOf(dataset));
  });

  it('is a valid import file for the AI Action Summit consultation, with the 24 ideas and 551 more, all accepted', () => {
    const parsed = z.safeParse(ImportFile, dataset.importFile);
    assert.ok(parsed.success, parsed.error?.message);
    const { consultation: config, proposals } = dataset.importFile;
    assert.equal(config.id, 'ai-action-summit-2024');
    assert.equal(config.question, consultation.question);
    assert.deepEqual(config.themes, consultation.themes);
    assert.deepEqual(config.allowedOrigins, []);
    assert.equal(proposals.length, SEED_COUNTS.proposals);
    assert.equal(new Set(proposals.map((p) => p.id)).size, SEED_COUNTS.proposals, 'ids are unique');
    assert.equal(new Set(proposals.map((p) => p.content)).size, SEED_COUNTS.proposals, 'texts are unique');
    assert.ok(proposals.every((p) => p.status === 'accepted'));
    const themeIds = new Set((consultation.themes ?? []).map((t) => t.id));
    assert.equal(themeIds.size, 6);
    assert.ok(proposals.every((p) => themeIds.has(p.themeId)), 'every proposal is in one of the 6 themes');
    for (const theme of themeIds) assert.ok(proposals.filter((p) => p.themeId === theme).length >= 50, `theme ${theme} has its share`);
    for (const idea of ideas) {
      const proposal = proposals.find((p) => p.id === idea.id);
      assert.deepEqual([proposal?.content, proposal?.themeId], [idea.content, idea.themeId], idea.id);
    }
    const lengths = proposals.map((p) => p.content.length);
    assert.ok(Math.min(...lengths) >= config.proposalMinLength && Math.max(...lengths) <= config.proposalMaxLength);
  });

  it('has exactly 11,661 participants and 121,325 final votes, each with 0–2 qualifications of its key', () => {
    const { votes } = dataset;
    assert.equal(votes.length, SEED_COUNTS.votes);
    assert.equal(new Set(votes.map((v) => v.participantId)).size, SEED_COUNTS.participants);
    assert.equal(new Set(votes.map((v) => `${v.proposalId} ${v.participantId}`)).size, votes.length, 'one vote per participant and proposal');
    const proposalIds = new Set(dataset.importFile.proposals.map((p) => p.id));
    let previous = '';
    for (const vote of votes) {
      assert.ok(proposalIds.has(vote.proposalId));
      assert.ok(vote.votedAt >= previous, 'in votedAt order');
      previous = vote.votedAt;
      assert.ok(vote.qualifications.length <= 2 && vote.qualifications.every((q) => QUALIFICATIONS_BY_KEY[vote.key].includes(q)), JSON.stringify(vote));
    }
    const input = resultsInputOf(dataset);
    const sizes = input.rows.map((r) => r.votes.agree + r.votes.disagree + r.votes.neutral);
    assert.ok(Math.min(...sizes) >= DEFAULT_RESULTS_OPTIONS.minVotes, 'every proposal gets enough votes to be categorised');
  });

  it('gives the 24 ideas their demo tallies', () => {
    const rows = new Map(resultsInputOf(dataset).rows.map((r) => [r.proposalId, r]));
    for (const idea of ideas) assert.deepEqual(rows.get(idea.id).votes, idea.votes, idea.id);
  });

  it('makes the 15 popular and 9 divisive ideas exactly the top 15 popular and top 9 divisive', () => {
    const output = computeResults(resultsInputOf(dataset));
    const lists = topLists(output);
    assert.deepEqual(sorted(lists.popular), sorted(ideaIds('popular')));
    assert.deepEqual(sorted(lists.divisive), sorted(ideaIds('divisive')));
    assert.deepEqual(sorted(dataset.expected.popular), sorted(ideaIds('popular')));
    assert.deepEqual(sorted(dataset.expected.divisive), sorted(ideaIds('divisive')));
    assert.deepEqual(sorted(output.divisive), sorted(ideaIds('divisive')));
    assert.deepEqual(sorted(output.popular.flatMap((g) => g.proposalIds)), sorted(ideaIds('popular')));
    // The cut is real: plenty of other proposals compete in both zones.
    const zones = {};
    for (const p of output.proposals) zones[p.zone] = (zones[p.zone] ?? 0) + 1;
    assert.ok(zones.consensus > 100 && zones.controversy > 50 && zones.limbo > 50 && zones.rejection > 50, JSON.stringify(zones));
  });

  it('keeps its picture through a storage: loaded into SQLite, the stored results rows give the same results, twice', async (t) => {
    const storage = await openStorage(':memory:');
    t.after(() => storage.close());
    const id = dataset.importFile.consultation.id;
    const expected = resultsInputOf(dataset);
    const byId = (rows) => [...rows].sort((a, b) => (a.proposalId < b.proposalId ? -1 : 1));

    for (const run of ['first load', 'second load (changes nothing)']) {
      const loaded = await loadSeedDataset(storage, dataset);
      t.diagnostic(`${run}: ${loaded.votes} votes and ${loaded.qualifications} qualifications in ${Math.round(loaded.ms)} ms`);
      const row = await storage.getConsultation(id);
      assert.ok(row, run);
      const { counts } = row;
      assert.deepEqual(counts, SEED_COUNTS, run);
      const stored = await storage.results(id);
      // Loaded as issued identities (bench/seed-load.mjs): nothing of it is untrusted, so trusted counting keeps it whole.
      assert.deepEqual(new Set(stored.map((r) => JSON.stringify(r.untrusted))), new Set([JSON.stringify({ votes: { agree: 0, disagree: 0, neutral: 0 }, qualifications: {} })]), run);
      const rows = stored.map(({ untrusted: _u, ...row }) => row);
      assert.deepEqual(byId(rows), byId(expected.rows), `${run}: stored tallies and qualifications are the generated ones`);
      const lists = topLists(computeResults({ consultationId: id, counts, rows }));
      assert.deepEqual(lists, topLists(computeResults(expected)), run);
      assert.deepEqual(sorted(lists.popular), sorted(ideaIds('popular')), run);
      assert.deepEqual(sorted(lists.divisive), sorted(ideaIds('divisive')), run);
    }
  });
});
