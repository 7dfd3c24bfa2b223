// @ts-check
/**
 * A large admin import (`POST /api/v1/admin/consultations`: 39,000 proposals, about 7.8 MB) does
 * not block the event loop, on SQLite and PostgreSQL: the body passes the admin route's limit
 * (the public routes stay at 16 KB), and the check and the writes run in batches with the loop
 * free between them (issue 9: one such import held it for 3.5 s; before the batches, 525–570 ms on
 * SQLite and 220–290 ms on PostgreSQL here, after them 55–75 ms). The longest block is judged
 * against a JSON.parse of the same text in one piece, timed here and now, so a busy machine
 * scales both: in one piece, parsing alone would come close to the bound.
 *
 *   npm run build && node --test test/server/load.test.mjs
 */
import assert from 'node:assert/strict';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { after, before, it } from 'node:test';
import { MAX_BODY_BYTES } from 'consult-widgets/protocol';
import { fixtureFile, forEachDatabase, startServer } from './server.mjs';

const PROPOSALS = 39_000;
const COUNTRIES = ['FR', 'DE', 'BR', 'JP', 'NG', 'US'];

/** About 7.8 MB: 39,000 proposals of about 110 characters, each with an author. */
function hugeFile(id) {
  const file = fixtureFile(id, { consultation: { proposalPrefix: null } });
  file.proposals = Array.from({ length: PROPOSALS }, (_, i) => ({
    id: `${id}-${i}`,
    content: `Idea number ${i}: written out at the length a citizen gives a proposal, so that the file is as large`,
    themeId: i % 3 ? 'mobility' : 'energy',
    author: { name: `Author ${i}`, age: 20 + (i % 50), country: COUNTRIES[i % COUNTRIES.length] },
  }));
  return file;
}

await forEachDatabase('large admin import', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  it(`${PROPOSALS} proposals (about 7.8 MB) are imported without blocking the event loop`, { timeout: 120_000 }, async (t) => {
    const visitor = await ctx.seed();
    const body = JSON.stringify(hugeFile(`huge-${database.id}`));
    assert.ok(body.length > 7_000_000 && body.length > 400 * MAX_BODY_BYTES, `the file is ${body.length} bytes`);
    // What the server no longer does in one piece: the JSON.parse of this text, timed here (median of 3).
    const parses = [0, 1, 2].map(() => {
      const parseStarted = performance.now();
      JSON.parse(body);
      return performance.now() - parseStarted;
    });
    const parseMs = parses.sort((a, b) => a - b)[1];

    // Other visitors read a proposal, one request in flight, all along.
    let importing = true;
    const served = [];
    const reader = (async () => {
      while (importing) {
        const started = performance.now();
        const answer = await fetch(`${ctx.api}/proposals/${visitor.p1}`);
        await answer.arrayBuffer();
        assert.equal(answer.status, 200);
        if (importing) served.push(performance.now() - started);
      }
    })();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const answer = await ctx.admin('POST', '/consultations', { body });
    const importMs = performance.now() - started;
    loop.disable();
    importing = false;
    await reader;

    assert.equal(answer.status, 201, answer.text.slice(0, 300));
    assert.equal(answer.json.proposals, PROPOSALS);
    assert.equal(answer.json.consultation.counts.proposals, PROPOSALS);
    const longest = loop.max / 1e6;
    // 4×: on a shared machine a batch can be pre-empted or meet a major GC of the 8.5 MB text
    // (262 ms seen once with the machine's load at 8, parse 63 ms); the import in one piece blocked
    // 525–570 ms on a quiet machine, where this bound is about 260–340 ms.
    const bound = 4 * parseMs + 100;
    t.diagnostic(
      `${database.id}: ${(body.length / 1e6).toFixed(1)} MB imported in ${importMs.toFixed(0)} ms; longest event-loop block ` +
        `${longest.toFixed(0)} ms (JSON.parse of the body alone: ${parseMs.toFixed(0)} ms; bound ${bound.toFixed(0)} ms); ` +
        `${served.length} other requests served meanwhile, slowest ${Math.max(...served).toFixed(0)} ms`,
    );
    assert.ok(longest < bound, `the import blocked the event loop for ${longest.toFixed(0)} ms at once (bound ${bound.toFixed(0)} ms)`);
    assert.ok(served.length >= 3, `only ${served.length} other requests were served during a ${importMs.toFixed(0)} ms import`);

    // The public routes keep their 16 KB limit.
    const tooLarge = await ctx.call('POST', `/consultations/${visitor.id}/proposals`, { body: JSON.stringify({ content: 'x'.repeat(MAX_BODY_BYTES) }) });
    assert.equal(tooLarge.status, 413);
  });

  it('an import cut into batches reads exactly what JSON.parse reads: quotes, escapes, brackets and commas in texts', async () => {
    const id = `tricky-${database.id}`;
    const TRICKY = ['a "quoted", [bracketed] {braced} text', 'back\\slash \\" and \\', 'commas, , ,], [{ everywhere', 'unicode \u00e9 \ud83d\ude00 / \\u0041', '"proposals": [1,2]'];
    const file = fixtureFile(id, { consultation: { proposalPrefix: null } });
    file.proposals = Array.from({ length: 2500 }, (_, i) => ({ id: `${id}-${i}`, content: `${i}: ${TRICKY[i % TRICKY.length]}`.padEnd(12, '.') }));
    // Whitespace and a decoy "proposals" inside a string, around the real array.
    const body = JSON.stringify(file, null, 1).replace('"proposals":', ' "proposals" :\n ');
    const answer = await ctx.admin('POST', '/consultations', { body });
    assert.equal(answer.status, 201, answer.text.slice(0, 300));
    const exported = (await ctx.call('GET', `/consultations/${id}/export.json`)).json;
    assert.deepEqual(
      exported.proposals.map((p) => [p.id, p.content]),
      file.proposals.map((p) => [p.id, p.content]),
    );
  });

  it('a problem in a later batch is named by its place in the whole file', async () => {
    const file = fixtureFile(`late-${database.id}`, { consultation: { proposalPrefix: null } });
    file.proposals = Array.from({ length: 2500 }, (_, i) => ({ id: `late-${database.id}-${i}`, content: `Proposal number ${i} of the file` }));
    file.proposals.push({ id: `late-${database.id}-x` });
    const answer = await ctx.admin('POST', '/consultations', { body: file });
    assert.equal(answer.status, 400, answer.text);
    assert.match(answer.json.error.message, /"proposals\.2500\.content"/);
    assert.equal((await ctx.admin('GET', `/consultations/late-${database.id}`)).status, 404, 'nothing was imported');
  });
});
