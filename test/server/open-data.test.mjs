// @ts-check
/**
 * What the open data publishes, over real HTTP, on SQLite and PostgreSQL (issue 9, item 8).
 * Before: a submitted text accusing a private person by name and street address, refused as
 * insulting, was in export.json and export.csv with its author's name, age, organisation and
 * country and the refusal reason, and anything submitted was public at once. Now (format 2):
 * accepted proposals only, with the author fields their form said it would publish; refused
 * proposals only as counts by reason; nothing pending. docs/server.md, "What is public".
 *
 *   npm run build && node --test test/server/open-data.test.mjs
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import * as z from 'zod/mini';
import { OpenData } from 'consult-widgets/protocol/admin';
import { assertAnswer, forEachDatabase, PARTICIPANT, startServer } from './server.mjs';

const ACCUSATION = 'We should know that Jean Dupont of 12 rue des Lilas steals our bikes';
const ACCUSER = { name: 'Mallory Vance', age: 52, organisation: 'Neighbourhood Watchers', country: 'FR' };
const WAITING = 'We should wait for a moderator before anyone reads this';
const WELCOME = 'We should open a bike repair shop downtown';

/**
 * Format 2's CSV header: no status, no moderation decision, reason or time. Issue 10 appended the
 * votes of issued and of untrusted participants: the columns before them keep their places.
 */
const CSV_HEADER =
  'id,themeId,content,authorName,authorAge,authorOrganisation,authorCountry,createdAt,agree,disagree,neutral,' +
  'verifiedAgree,verifiedDisagree,verifiedNeutral,likeIt,doable,platitudeAgree,noWay,impossible,platitudeDisagree,' +
  'doNotUnderstand,noOpinion,doNotCare,' +
  'issuedAgree,issuedDisagree,issuedNeutral,untrustedAgree,untrustedDisagree,untrustedNeutral,' +
  // Issue 10, cohorts: votes of excluded cohorts, appended.
  'excludedAgree,excludedDisagree,excludedNeutral';

await forEachDatabase('open data', (database) => {
  /** @type {import('./server.mjs').TestServer} */
  let ctx;
  before(async () => {
    ctx = await startServer({ database: database.id });
  });
  after(() => ctx?.close());

  let requests = 0;
  async function submit(c, content, author) {
    const body = { participantId: PARTICIPANT, requestId: `open-data-${++requests}`, content, ...(author ? { author } : {}) };
    return assertAnswer(await ctx.call('POST', `/consultations/${c.id}/proposals`, { body }), 'submitProposal').id;
  }
  const moderate = async (id, body) => assert.equal((await ctx.admin('POST', `/proposals/${id}/moderation`, { body })).status, 200);
  const exports = async (c) => {
    const json = await ctx.call('GET', `/consultations/${c.id}/export.json`);
    const csv = await ctx.call('GET', `/consultations/${c.id}/export.csv`);
    assert.equal(json.status, 200, json.text);
    assert.equal(csv.status, 200, csv.text);
    assert.ok(z.safeParse(OpenData, json.json).success, json.text);
    return { json: json.json, jsonText: json.text, csv: csv.text };
  };

  it('a refused accusation and a pending text are in neither export, nor their authors; refusals are counted by reason', async () => {
    const c = await ctx.seed();
    const accusation = await submit(c, ACCUSATION, ACCUSER);
    await moderate(accusation, { decision: 'refuse', reason: 'insulting' });
    const pending = await submit(c, WAITING, { name: 'Pat Pending', age: 30 });
    const { json, jsonText, csv } = await exports(c);

    assert.equal(json.format, 'consult-widgets/open-data@2');
    assert.deepEqual(json.proposals.map((p) => p.id), [c.p1, c.p2, c.p3, c.p4, c.p5], 'accepted proposals only');
    for (const text of [jsonText, csv]) {
      for (const secret of [accusation, pending, 'Jean Dupont', 'rue des Lilas', ACCUSER.name, ACCUSER.organisation, WAITING, 'Pat Pending']) {
        assert.ok(!text.includes(secret), `${JSON.stringify(secret)} is published`);
      }
    }
    // Refused: the accusation (insulting, by a moderator) and the fixture's p7 (refused in the import file).
    assert.deepEqual(json.refused, {
      total: 2,
      byReason: { incomprehensible: 0, offTopic: 0, discriminatory: 0, partisan: 0, advertising: 0, multipleSubjects: 0, insulting: 1 },
      withoutReason: 1,
    });
    assert.ok(json.proposals.every((p) => !('status' in p) && !('moderation' in p)), 'no decision or reason next to any text');
    // The counts are the public consultation's: accepted proposals, their votes; nothing pending.
    const publicCounts = assertAnswer(await ctx.call('GET', `/consultations/${c.id}`), 'getConsultation').counts;
    assert.deepEqual(json.consultation.counts, publicCounts);
    assert.equal(json.consultation.counts.proposals, 5);

    const lines = csv.split('\r\n').filter(Boolean);
    assert.equal(lines[0], CSV_HEADER);
    assert.deepEqual(lines.slice(1).map((line) => line.split(',')[0]), [c.p1, c.p2, c.p3, c.p4, c.p5]);
  });

  it('an accepted submission is published with the author fields its form named, and no others', async () => {
    const c = await ctx.seed({ consultation: { proposalPrefix: null } });
    const general = await submit(c, WELCOME, { name: 'Camille', age: 34 });
    // No form sends an age with an organisation: the expert form's consent line names organisation, country and name.
    const mixed = await submit(c, 'We should light the cycle paths at night', ACCUSER);
    await moderate(general, { decision: 'accept' });
    await moderate(mixed, { decision: 'accept' });
    const { json, csv } = await exports(c);
    const byId = Object.fromEntries(json.proposals.map((p) => [p.id, p]));
    assert.deepEqual(byId[general].author, { name: 'Camille', age: 34 });
    assert.deepEqual(byId[mixed].author, { name: ACCUSER.name, organisation: ACCUSER.organisation, country: 'FR' });
    const header = csv.split('\r\n')[0].split(',');
    const row = (csv.split('\r\n').find((line) => line.startsWith(`${mixed},`)) ?? assert.fail(`no CSV row for ${mixed}`)).split(',');
    assert.equal(row[header.indexOf('authorAge')], '', 'the age is not published');
    assert.equal(row[header.indexOf('authorName')], ACCUSER.name);
    assert.ok(!csv.includes(',52,'), 'nor anywhere else in the CSV');
    assert.deepEqual(json.refused.total, 1);
  });
});
