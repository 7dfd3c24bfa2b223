// @ts-check
/**
 * The `Storage` contract (server/storage/storage.ts) as a reusable node:test suite: every
 * implementation must pass it unchanged. `open()` resolves to a new, empty storage; the suite
 * closes each one it opens. Refusals are answers (`{ refused, message }`), never exceptions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BY, consultationIn, proposalIn, safeguardsSuite } from './storage.safeguards.suite.mjs';

/**
 * @import { Storage, Trust } from 'consult-server'
 * @import { ImportFile } from 'consult-widgets/protocol/admin'
 * @import { QualificationKey, VoteKey } from 'consult-widgets/protocol'
 * @import { TestContext } from 'node:test'
 * @typedef {{ refused: string, message: string }} Refusal
 */

/**
 * Same test as `isRefusal` in server/storage/storage.ts.
 * @type {(value: unknown) => value is Refusal}
 */
const isRefusal = (value) => typeof value === 'object' && value !== null && 'refused' in value;

const NOW = '2025-01-01T08:00:00.000Z';
/** Click times, minutes after 10:00 UTC on 1 January 2025. */
const at = (minute) => new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString();

const ALICE = 'participant-alice-7f3a9c';
const BOB = 'participant-bob-19d2e4';
const CAROL = 'participant-carol-5b8e01';
const ZERO = { agree: 0, disagree: 0, neutral: 0 };

/**
 * @param {string} id
 * @param {Partial<ImportFile['consultation']>} [overrides]
 * @returns {ImportFile['consultation']}
 */
const consultationConfig = (id, overrides = {}) => ({
  id,
  title: `Consultation ${id}`,
  question: 'How should we move around town?',
  locale: 'en',
  status: 'open',
  proposalPrefix: null,
  proposalMinLength: 12,
  proposalMaxLength: 140,
  themes: [
    { id: 'transport', label: 'Transport' },
    { id: 'housing', label: 'Housing' },
  ],
  allowedOrigins: ['https://partner.example'],
  requireSignedParticipants: false,
  ...overrides,
});

/**
 * An import file as the schema outputs it (defaults filled in).
 * @param {string} id
 * @param {ImportFile['proposals']} proposals
 * @param {Partial<ImportFile['consultation']>} [overrides]
 * @returns {ImportFile}
 */
const importFile = (id, proposals, overrides = {}) => ({ consultation: consultationConfig(id, overrides), proposals });
/**
 * @param {string} id
 * @param {Partial<ImportFile['proposals'][number]>} [overrides]
 * @returns {ImportFile['proposals'][number]}
 */
const proposal = (id, overrides = {}) => ({ id, content: `Proposal ${id}: more bike lanes`, themeId: 'transport', status: 'accepted', ...overrides });

/** c1: three accepted proposals, one pending, one refused. */
const standardFile = () =>
  importFile('c1', [
    proposal('p1', { author: { name: 'Ada', age: 36 } }),
    proposal('p2', { themeId: 'housing' }),
    proposal('p3', { themeId: null }),
    proposal('pending1', { status: 'pending' }),
    proposal('refused1', { status: 'refused' }),
  ]);

/**
 * @param {Storage} storage
 * @param {string} proposalId
 * @param {string} participantId
 * @param {VoteKey | null} key
 * @param {string} votedAt
 * @param {Trust} [trust]
 */
function vote(storage, proposalId, participantId, key, votedAt, trust = 'untrusted') {
  return storage.vote({ proposalId, participantId, key, votedAt, trust });
}
/**
 * @param {Storage} storage
 * @param {string} proposalId
 * @param {string} participantId
 * @param {QualificationKey} qualification
 */
function qualify(storage, proposalId, participantId, qualification, active = true) {
  return storage.qualify({ proposalId, participantId, qualification, active });
}
/**
 * @param {Storage} storage
 * @param {string} participantId
 * @param {string} requestId
 * @param {string} newId
 * @param {Partial<Parameters<Storage['submitProposal']>[0]>} [overrides]
 */
function submit(storage, participantId, requestId, newId, overrides = {}) {
  return storage.submitProposal({
    consultationId: 'c1',
    participantId,
    requestId,
    newId,
    content: 'Plant trees along every school street',
    themeId: 'housing',
    createdAt: at(30),
    ...overrides,
  });
}
const total = (tally) => tally.agree + tally.disagree + tally.neutral;
/**
 * Concurrent reads first, so a pooled storage has its connections open and the writes that follow really overlap.
 * @param {Storage} storage
 */
const warmUp = (storage) => Promise.all(Array.from({ length: 20 }, () => storage.getConsultation('c1')));

/**
 * @param {unknown} outcome
 * @param {string} refused
 * @returns {asserts outcome is Refusal}
 */
function assertRefused(outcome, refused) {
  assert.ok(isRefusal(outcome), `expected a "${refused}" refusal, got ${JSON.stringify(outcome)}`);
  assert.equal(outcome.refused, refused);
  assert.equal(typeof outcome.message, 'string');
  assert.ok(outcome.message.length > 0);
}
/**
 * @template T
 * @param {T} outcome
 * @returns {Exclude<T, Refusal>}
 */
function assertAccepted(outcome) {
  assert.ok(!isRefusal(outcome), `unexpected refusal: ${JSON.stringify(outcome)}`);
  return /** @type {Exclude<T, Refusal>} */ (outcome);
}

/**
 * @param {string} name
 * @param {() => Promise<Storage>} open
 */
export function storageSuite(name, open) {
  /**
   * A new storage with c1 imported (unless `file` is null), closed when the test ends.
   * @param {TestContext} t
   * @param {ImportFile | null} [file]
   * @returns {Promise<Storage>}
   */
  async function fresh(t, file = standardFile()) {
    const storage = await open();
    t.after(() => storage.close());
    if (file) assertAccepted(await storage.importConsultation(file, NOW));
    return storage;
  }

  describe(`Storage contract: ${name}`, () => {
    describe('safeguards (issue 9)', () => safeguardsSuite(fresh));

    describe('import', () => {
      it('creates a consultation with its configuration, no counts yet, and its proposals', async (t) => {
        const storage = await fresh(t, null);
        const file = standardFile();
        assert.deepEqual(await storage.importConsultation(file, NOW), { created: true, proposals: 5 });
        assert.deepEqual(await storage.getConsultation('c1'), {
          ...file.consultation,
          // Not stated in the file: a new consultation counts trusted votes only (issue 10).
          countUntrusted: false,
          counts: { participants: 0, proposals: 3, votes: 0 },
        });
        // A re-import keeps that choice unless it states another; a stated one is kept in turn.
        await storage.importConsultation(file, NOW);
        assert.equal((await consultationIn(storage, 'c1')).countUntrusted, false);
        await storage.importConsultation({ ...file, consultation: { ...file.consultation, countUntrusted: true } }, NOW);
        await storage.importConsultation(file, NOW);
        assert.equal((await consultationIn(storage, 'c1')).countUntrusted, true);
        assert.deepEqual(await storage.getProposal('p1'), {
          id: 'p1',
          consultationId: 'c1',
          content: 'Proposal p1: more bike lanes',
          author: { name: 'Ada', age: 36 },
          themeId: 'transport',
          status: 'accepted',
          createdAt: NOW,
          votes: ZERO,
          qualifications: {},
        });
        assert.equal((await proposalIn(storage, 'p3')).themeId, null);
        assert.equal('author' in (await proposalIn(storage, 'p2')), false);
        assert.equal((await proposalIn(storage, 'pending1')).status, 'pending');
      });

      it('updates an existing consultation by id and keeps the tallies of its proposals', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertAccepted(await qualify(storage, 'p1', ALICE, 'likeIt'));
        const file = standardFile();
        file.consultation.title = 'Renamed consultation';
        file.proposals[0].content = 'Proposal p1, reworded by the organiser';
        file.proposals.push(proposal('p4'));
        assert.deepEqual(await storage.importConsultation(file, at(50)), { created: false, proposals: 6 });
        assert.equal((await consultationIn(storage, 'c1')).title, 'Renamed consultation');
        const p1 = await proposalIn(storage, 'p1');
        assert.equal(p1.content, 'Proposal p1, reworded by the organiser');
        assert.equal(p1.createdAt, NOW, 'a re-import does not rewrite creation dates');
        assert.deepEqual(p1.votes, { agree: 1, disagree: 0, neutral: 0 });
        assert.deepEqual(p1.qualifications, { likeIt: 1 });
        // A new proposal comes after the existing ones.
        const page = await storage.listProposals('c1', { status: 'accepted', limit: 10 });
        assert.deepEqual(
          page.items.map((p) => p.id),
          ['p1', 'p2', 'p3', 'p4'],
        );
        assert.equal((await storage.listConsultations()).length, 1);
      });

      it('refuses proposals naming a theme the consultation does not have, and stores nothing', async (t) => {
        const storage = await fresh(t, null);
        const outcome = await storage.importConsultation(importFile('c1', [proposal('p1', { themeId: 'weather' })]), NOW);
        assertRefused(outcome, 'unprocessable');
        assert.match(outcome.message, /weather/);
        assert.equal(await storage.getConsultation('c1'), null);
        assert.equal(await storage.getProposal('p1'), null);
      });

      it('refuses a file using one proposal id twice', async (t) => {
        const storage = await fresh(t, null);
        const outcome = await storage.importConsultation(importFile('c1', [proposal('p1'), proposal('p2'), proposal('p1')]), NOW);
        assertRefused(outcome, 'unprocessable');
        assert.match(outcome.message, /p1/);
        assert.equal(await storage.getConsultation('c1'), null);
      });

      it('refuses proposal ids that belong to another consultation, leaving that one untouched', async (t) => {
        const storage = await fresh(t);
        const outcome = await storage.importConsultation(
          importFile('c2', [proposal('new1'), proposal('p2', { content: 'Stolen proposal id' })]),
          NOW,
        );
        assertRefused(outcome, 'conflict');
        assert.match(outcome.message, /p2/);
        assert.equal(await storage.getConsultation('c2'), null);
        assert.equal(await storage.getProposal('new1'), null);
        assert.equal(await storage.consultationOfProposal('p2'), 'c1');
        assert.equal((await proposalIn(storage, 'p2')).content, 'Proposal p2: more bike lanes');
      });

      it('refuses a minimum proposal length above the maximum', async (t) => {
        const storage = await fresh(t, null);
        const outcome = await storage.importConsultation(importFile('c1', [], { proposalMinLength: 50, proposalMaxLength: 20 }), NOW);
        assertRefused(outcome, 'unprocessable');
        assert.equal(await storage.getConsultation('c1'), null);
      });
    });

    describe('consultations', () => {
      it('counts distinct participants who voted or submitted, accepted proposals and current votes', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await storage.importConsultation(importFile('c2', [proposal('other1')]), NOW));
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p2', ALICE, 'disagree', at(2)));
        assertAccepted(await vote(storage, 'p1', CAROL, 'neutral', at(3)));
        assertAccepted(await vote(storage, 'p1', CAROL, null, at(4)));
        assertAccepted(await submit(storage, BOB, 'req-1', 'bob-proposal'));
        // Votes in another consultation count there only.
        assertAccepted(await vote(storage, 'other1', BOB, 'agree', at(5)));
        const c1 = await consultationIn(storage, 'c1');
        assert.deepEqual(c1.counts, { participants: 3, proposals: 3, votes: 2 });
        assert.deepEqual((await consultationIn(storage, 'c2')).counts, { participants: 1, proposals: 1, votes: 1 });
      });

      it('lists every consultation, oldest import first', async (t) => {
        const storage = await fresh(t, null);
        assertAccepted(await storage.importConsultation(importFile('zeta', []), at(1)));
        assertAccepted(await storage.importConsultation(importFile('alpha', [], { status: 'closed' }), at(2)));
        const list = await storage.listConsultations();
        assert.deepEqual(
          list.map((c) => [c.id, c.status]),
          [
            ['zeta', 'open'],
            ['alpha', 'closed'],
          ],
        );
        assert.deepEqual(list[1], { ...consultationConfig('alpha', { status: 'closed' }), countUntrusted: false, counts: { participants: 0, proposals: 0, votes: 0 } });
      });

      it('answers null or false for unknown ids', async (t) => {
        const storage = await fresh(t);
        assert.equal(await storage.getConsultation('nope'), null);
        assert.equal(await storage.setStatus('nope', 'closed'), false);
        assert.equal(await storage.consultationOfProposal('nope'), null);
        assert.equal(await storage.consultationOfProposal('pending1'), 'c1');
        assert.equal(await storage.getProposal('nope'), null);
      });

      it('opens and closes a consultation', async (t) => {
        const storage = await fresh(t);
        assert.equal(await storage.setStatus('c1', 'closed'), true);
        assert.equal((await consultationIn(storage, 'c1')).status, 'closed');
        assert.equal(await storage.setStatus('c1', 'open'), true);
        assert.equal((await consultationIn(storage, 'c1')).status, 'open');
      });
    });

    describe('proposals', () => {
      async function sevenProposals(t) {
        return fresh(
          t,
          importFile('c1', [
            proposal('a1'),
            proposal('a2', { themeId: 'housing' }),
            proposal('hidden', { status: 'pending' }),
            proposal('a3'),
            proposal('a4', { themeId: 'housing' }),
            proposal('gone', { status: 'refused' }),
            proposal('a5'),
          ]),
        );
      }

      it('pages accepted proposals in creation order with a keyset cursor', async (t) => {
        const storage = await sevenProposals(t);
        const seen = [];
        let after;
        let pages = 0;
        do {
          const page = await storage.listProposals('c1', { status: 'accepted', limit: 2, after });
          seen.push(page.items.map((p) => p.id));
          after = page.nextAfter ?? undefined;
          if (page.nextAfter !== null) assert.equal(typeof page.nextAfter, 'number');
          pages++;
        } while (after !== undefined && pages < 10);
        assert.deepEqual(seen, [['a1', 'a2'], ['a3', 'a4'], ['a5']]);
        const exact = await storage.listProposals('c1', { status: 'accepted', limit: 5 });
        assert.equal(exact.items.length, 5);
        assert.equal(exact.nextAfter, null, 'no cursor when nothing follows');
        assert.ok(exact.items.every((p) => p.status === 'accepted' && p.consultationId === 'c1'));
      });

      it('filters by theme and by status', async (t) => {
        const storage = await sevenProposals(t);
        const housing = await storage.listProposals('c1', { status: 'accepted', themeId: 'housing', limit: 1 });
        assert.deepEqual(
          housing.items.map((p) => p.id),
          ['a2'],
        );
        const next = await storage.listProposals('c1', { status: 'accepted', themeId: 'housing', limit: 1, after: housing.nextAfter ?? undefined });
        assert.deepEqual(
          next.items.map((p) => p.id),
          ['a4'],
        );
        assert.equal(next.nextAfter, null);
        const pending = await storage.listProposals('c1', { status: 'pending', limit: 10 });
        assert.deepEqual(
          pending.items.map((p) => p.id),
          ['hidden'],
        );
        assert.deepEqual((await storage.listProposals('c2', { status: 'accepted', limit: 10 })).items, []);
      });

      it('gets several proposals in the order asked, skipping unknown ids', async (t) => {
        const storage = await fresh(t);
        const got = await storage.getProposals(['p3', 'missing', 'p1']);
        assert.deepEqual(
          got.map((p) => p.id),
          ['p3', 'p1'],
        );
        assert.deepEqual(got[1], await storage.getProposal('p1'));
        assert.deepEqual(await storage.getProposals([]), []);
      });
    });

    describe('votes', () => {
      it('keeps one vote per participant and proposal: a new key moves the tally', async (t) => {
        const storage = await fresh(t);
        assert.deepEqual(await vote(storage, 'p1', ALICE, 'agree', at(1)), {
          proposalId: 'p1',
          key: 'agree',
          votes: { agree: 1, disagree: 0, neutral: 0 },
        });
        assert.deepEqual(await vote(storage, 'p1', ALICE, 'disagree', at(2)), {
          proposalId: 'p1',
          key: 'disagree',
          votes: { agree: 0, disagree: 1, neutral: 0 },
        });
        assert.deepEqual(assertAccepted(await vote(storage, 'p1', BOB, 'agree', at(3))).votes, { agree: 1, disagree: 1, neutral: 0 });
        assert.deepEqual((await proposalIn(storage, 'p1')).votes, { agree: 1, disagree: 1, neutral: 0 });
        assert.deepEqual(await storage.participantVotes(ALICE, 'c1'), [{ proposalId: 'p1', key: 'disagree', qualifications: [] }]);
      });

      it('changes nothing when the same key arrives twice', async (t) => {
        const storage = await fresh(t);
        const first = await vote(storage, 'p1', ALICE, 'agree', at(1));
        const again = await vote(storage, 'p1', ALICE, 'agree', at(1));
        assert.deepEqual(again, first);
        const later = await vote(storage, 'p1', ALICE, 'agree', at(2));
        assert.deepEqual(later, first);
        assert.deepEqual((await consultationIn(storage, 'c1')).counts, { participants: 1, proposals: 3, votes: 1 });
      });

      it('ignores a vote older than the stored one and answers the current state', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(2)));
        assertAccepted(await vote(storage, 'p1', BOB, 'neutral', at(1)));
        assert.deepEqual(await vote(storage, 'p1', ALICE, 'disagree', at(1)), {
          proposalId: 'p1',
          key: 'agree',
          votes: { agree: 1, disagree: 0, neutral: 1 },
        });
        assert.deepEqual((await proposalIn(storage, 'p1')).votes, { agree: 1, disagree: 0, neutral: 1 });
      });

      it('records the newer time of a repeated key, so an older different key arriving later loses', async (t) => {
        // The participant clicked agree (t1), neutral (t2), agree (t3); the t2 request arrives last.
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(3)));
        assert.deepEqual(await vote(storage, 'p1', ALICE, 'neutral', at(2)), {
          proposalId: 'p1',
          key: 'agree',
          votes: { agree: 1, disagree: 0, neutral: 0 },
        });
        assert.deepEqual(await storage.participantVotes(ALICE, 'c1'), [{ proposalId: 'p1', key: 'agree', qualifications: [] }]);
      });

      it('compares click times as instants, whatever their offsets', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', '2025-01-01T09:30:00Z'));
        // 10:00 at +01:00 is 09:00 UTC: older, although its text sorts after.
        const outcome = assertAccepted(await vote(storage, 'p1', ALICE, 'disagree', '2025-01-01T10:00:00+01:00'));
        assert.equal(outcome.key, 'agree');
        assert.deepEqual(outcome.votes, { agree: 1, disagree: 0, neutral: 0 });
        // 09:00 at -01:00 is 10:00 UTC: newer.
        const newer = assertAccepted(await vote(storage, 'p1', ALICE, 'neutral', '2025-01-01T09:00:00-01:00'));
        assert.equal(newer.key, 'neutral');
        assert.deepEqual(newer.votes, { agree: 0, disagree: 0, neutral: 1 });
      });

      it('withdraws a vote, and a withdrawal beats an older vote that arrives after it', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assert.deepEqual(await vote(storage, 'p1', ALICE, null, at(3)), { proposalId: 'p1', key: null, votes: ZERO });
        assert.deepEqual(await vote(storage, 'p1', ALICE, 'disagree', at(2)), { proposalId: 'p1', key: null, votes: ZERO });
        assert.deepEqual(await storage.participantVotes(ALICE, 'c1'), []);
        assert.ok((await storage.sequenceCandidates('c1', ALICE)).some((c) => c.id === 'p1'), 'a withdrawn proposal can be shown again');
        assert.equal((await consultationIn(storage, 'c1')).counts.votes, 0);
        // Withdrawing what was never voted changes nothing, yet an older vote still loses to it.
        assert.deepEqual(await vote(storage, 'p2', BOB, null, at(5)), { proposalId: 'p2', key: null, votes: ZERO });
        assert.deepEqual(await vote(storage, 'p2', BOB, 'agree', at(4)), { proposalId: 'p2', key: null, votes: ZERO });
        assert.deepEqual(assertAccepted(await vote(storage, 'p2', BOB, 'agree', at(6))).votes, { agree: 1, disagree: 0, neutral: 0 });
      });

      it('refuses votes on pending, refused and unknown proposals as not found', async (t) => {
        const storage = await fresh(t);
        for (const id of ['pending1', 'refused1', 'nope']) {
          assertRefused(await vote(storage, id, ALICE, 'agree', at(1)), 'not_found');
          assertRefused(await vote(storage, id, ALICE, null, at(2)), 'not_found');
          assertRefused(await qualify(storage, id, ALICE, 'likeIt'), 'not_found');
        }
        assert.deepEqual((await proposalIn(storage, 'pending1')).votes, ZERO);
        assert.deepEqual((await consultationIn(storage, 'c1')).counts.participants, 0);
      });

      it('refuses every participant write while the consultation is closed', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        await storage.setStatus('c1', 'closed');
        assertRefused(await vote(storage, 'p1', BOB, 'agree', at(2)), 'closed');
        assertRefused(await vote(storage, 'p1', ALICE, null, at(3)), 'closed');
        assertRefused(await qualify(storage, 'p1', ALICE, 'likeIt'), 'closed');
        assertRefused(await submit(storage, BOB, 'req-1', 'bob-proposal'), 'closed');
        assert.equal(await storage.getProposal('bob-proposal'), null);
        assert.deepEqual((await proposalIn(storage, 'p1')).votes, { agree: 1, disagree: 0, neutral: 0 });
        await storage.setStatus('c1', 'open');
        assert.equal(assertAccepted(await vote(storage, 'p1', BOB, 'agree', at(4))).votes.agree, 2);
      });

      it('counts votes by trust level apart (host-signed, issued, untrusted), and moves them with their vote', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1), 'host'));
        assertAccepted(await vote(storage, 'p1', BOB, 'agree', at(1), 'untrusted'));
        assertAccepted(await vote(storage, 'p1', CAROL, 'agree', at(1), 'issued'));
        assertAccepted(await vote(storage, 'p2', ALICE, 'neutral', at(1), 'host'));
        let p1 = (await storage.openData('c1')).proposals.find((p) => p.id === 'p1');
        assert.ok(p1);
        assert.deepEqual(p1.votes, { agree: 3, disagree: 0, neutral: 0 });
        assert.deepEqual(p1.verifiedVotes, { agree: 1, disagree: 0, neutral: 0 });
        assert.deepEqual(p1.issuedVotes, { agree: 1, disagree: 0, neutral: 0 });
        assert.deepEqual(p1.untrustedVotes, { agree: 1, disagree: 0, neutral: 0 });
        assertAccepted(await vote(storage, 'p1', ALICE, 'disagree', at(2), 'host'));
        assertAccepted(await vote(storage, 'p1', BOB, 'disagree', at(2), 'untrusted'));
        // A participant whose trust changes between writes (a token that expired): the vote moves to its new level.
        assertAccepted(await vote(storage, 'p1', CAROL, 'neutral', at(2), 'untrusted'));
        assertAccepted(await vote(storage, 'p2', ALICE, null, at(2), 'host'));
        const data = (await storage.openData('c1')).proposals;
        p1 = data.find((p) => p.id === 'p1');
        assert.ok(p1);
        assert.deepEqual(p1.votes, { agree: 0, disagree: 2, neutral: 1 });
        assert.deepEqual(p1.verifiedVotes, { agree: 0, disagree: 1, neutral: 0 });
        assert.deepEqual(p1.issuedVotes, ZERO);
        assert.deepEqual(p1.untrustedVotes, { agree: 0, disagree: 1, neutral: 1 });
        const p2 = data.find((p) => p.id === 'p2');
        assert.ok(p2);
        assert.deepEqual(p2.votes, ZERO);
        assert.deepEqual(p2.verifiedVotes, ZERO);
        assert.deepEqual(p2.untrustedVotes, ZERO);
      });

      it('counts exactly one vote for a participant whose writes race each other', async (t) => {
        const storage = await fresh(t);
        await warmUp(storage);
        const identical = Array.from({ length: 50 }, () => vote(storage, 'p1', ALICE, 'agree', at(1), 'host'));
        // Alternating keys, each clicked one second later than the one before: the newest (disagree) must win.
        const alternating = Array.from({ length: 50 }, (_, i) =>
          vote(storage, 'p1', ALICE, i % 2 ? 'disagree' : 'agree', new Date(Date.UTC(2025, 0, 1, 11, 0, i)).toISOString(), 'host'),
        );
        const answers = await Promise.all([...identical, ...alternating]);
        for (const answer of answers) {
          assert.equal(total(assertAccepted(answer).votes), 1, `every answer shows one vote: ${JSON.stringify(answer)}`);
        }
        const [row] = (await storage.results('c1')).filter((r) => r.proposalId === 'p1');
        assert.deepEqual(row.votes, { agree: 0, disagree: 1, neutral: 0 });
        const p1 = (await storage.openData('c1')).proposals.find((p) => p.id === 'p1');
        assert.ok(p1);
        assert.deepEqual(p1.votes, { agree: 0, disagree: 1, neutral: 0 });
        assert.deepEqual(p1.verifiedVotes, { agree: 0, disagree: 1, neutral: 0 });
        assert.deepEqual(await storage.participantVotes(ALICE, 'c1'), [{ proposalId: 'p1', key: 'disagree', qualifications: [] }]);
        assert.deepEqual((await consultationIn(storage, 'c1')).counts, { participants: 1, proposals: 3, votes: 1 });
      });

      it('answers each vote with the tally right after it, even when votes race', async (t) => {
        const storage = await fresh(t);
        await warmUp(storage);
        const answers = [];
        // Waves on separate turns of the event loop: several writes (or batches of them) in flight at once.
        for (let wave = 0; wave < 5; wave++) {
          for (let i = 0; i < 8; i++) answers.push(vote(storage, 'p3', `participant-wave-${wave}-${i}`, 'agree', at(wave)));
          await new Promise((resolve) => setImmediate(resolve));
        }
        const agreeCounts = (await Promise.all(answers)).map((a) => assertAccepted(a).votes.agree).sort((a, b) => a - b);
        // Every vote is new, so the answers, in commit order, are exactly 1, 2, … 40.
        assert.deepEqual(
          agreeCounts,
          Array.from({ length: 40 }, (_, i) => i + 1),
        );
      });

      it('keeps tallies equal to the votes stored when many participants race', async (t) => {
        const storage = await fresh(t);
        await warmUp(storage);
        const participants = Array.from({ length: 20 }, (_, i) => `participant-race-${String(i).padStart(3, '0')}`);
        /** @type {Array<VoteKey | null>} */
        const keys = ['agree', 'disagree', 'neutral', null];
        /** @type {Array<Parameters<Storage['vote']>[0]>} */
        const writes = [];
        for (let click = 0; click < 5; click++) {
          for (const [i, participantId] of participants.entries()) {
            // Half the participants' requests arrive newest first. Participant i's newest click
            // (4) is keys[(i + 4) % 4]: every fourth participant ends withdrawn.
            const clicked = i % 2 ? click : 4 - click;
            const votedAt = new Date(Date.UTC(2025, 0, 1, 12, clicked)).toISOString();
            writes.push({ proposalId: 'p2', participantId, key: keys[(i + clicked) % 4], votedAt, trust: 'untrusted' });
          }
        }
        await Promise.all(writes.map((w) => storage.vote(w)));
        const expected = { agree: 0, disagree: 0, neutral: 0 };
        let stored = 0;
        for (const [i, participantId] of participants.entries()) {
          const final = keys[(i + 4) % 4];
          const votes = await storage.participantVotes(participantId, 'c1');
          assert.deepEqual(
            votes.map((v) => v.key),
            final ? [final] : [],
            participantId,
          );
          stored += votes.length;
          if (final) expected[final]++;
        }
        const [row] = (await storage.results('c1')).filter((r) => r.proposalId === 'p2');
        assert.deepEqual(row.votes, expected);
        assert.equal(total(row.votes), stored);
        assert.equal((await consultationIn(storage, 'c1')).counts.votes, stored);
      });
    });

    describe('qualifications', () => {
      it('refuses a qualification without a vote, or one that does not fit the current key', async (t) => {
        const storage = await fresh(t);
        assertRefused(await qualify(storage, 'p1', ALICE, 'likeIt'), 'conflict');
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertRefused(await qualify(storage, 'p1', ALICE, 'noWay'), 'conflict');
        assertRefused(await qualify(storage, 'p1', ALICE, 'doNotCare'), 'conflict');
        assertAccepted(await vote(storage, 'p1', ALICE, null, at(2)));
        assertRefused(await qualify(storage, 'p1', ALICE, 'likeIt'), 'conflict');
        assert.deepEqual((await proposalIn(storage, 'p1')).qualifications, {});
      });

      it('adds a qualification once however often it is sent, and removing an absent one changes nothing', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p1', BOB, 'agree', at(1)));
        assert.deepEqual(await qualify(storage, 'p1', ALICE, 'likeIt'), { proposalId: 'p1', qualifications: { likeIt: 1 } });
        assert.deepEqual(await qualify(storage, 'p1', ALICE, 'likeIt'), { proposalId: 'p1', qualifications: { likeIt: 1 } });
        assert.deepEqual(await qualify(storage, 'p1', ALICE, 'doable', false), { proposalId: 'p1', qualifications: { likeIt: 1 } });
        assert.deepEqual(await qualify(storage, 'p1', BOB, 'likeIt', false), { proposalId: 'p1', qualifications: { likeIt: 1 } });
        assert.deepEqual(await qualify(storage, 'p1', BOB, 'doable'), { proposalId: 'p1', qualifications: { likeIt: 1, doable: 1 } });
        assert.deepEqual(await qualify(storage, 'p1', ALICE, 'likeIt', false), { proposalId: 'p1', qualifications: { doable: 1 } });
        assert.deepEqual(await storage.participantVotes(BOB, 'c1'), [{ proposalId: 'p1', key: 'agree', qualifications: ['doable'] }]);
        assert.deepEqual((await proposalIn(storage, 'p1')).qualifications, { doable: 1 });
      });

      it('drops the qualifications of a vote whose key changes, and keeps them when the same key is repeated', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertAccepted(await qualify(storage, 'p1', ALICE, 'likeIt'));
        assertAccepted(await qualify(storage, 'p1', ALICE, 'doable'));
        assertAccepted(await vote(storage, 'p1', BOB, 'agree', at(1)));
        assertAccepted(await qualify(storage, 'p1', BOB, 'likeIt'));
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(2)));
        assert.deepEqual((await proposalIn(storage, 'p1')).qualifications, { likeIt: 2, doable: 1 });
        assertAccepted(await vote(storage, 'p1', ALICE, 'disagree', at(3)));
        assert.deepEqual((await proposalIn(storage, 'p1')).qualifications, { likeIt: 1 });
        assert.deepEqual(await storage.participantVotes(ALICE, 'c1'), [{ proposalId: 'p1', key: 'disagree', qualifications: [] }]);
        // Back to agree: the old qualifications do not come back.
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(4)));
        assert.deepEqual((await proposalIn(storage, 'p1')).qualifications, { likeIt: 1 });
        assertAccepted(await vote(storage, 'p1', BOB, null, at(4)));
        assert.deepEqual((await proposalIn(storage, 'p1')).qualifications, {});
      });
    });

    describe('submissions', () => {
      it('stores a submission as pending: not listed, not votable, but counted as participation', async (t) => {
        const storage = await fresh(t);
        assert.deepEqual(await submit(storage, BOB, 'req-1', 'bob-1', { author: { name: 'Bob' } }), { id: 'bob-1', status: 'pending' });
        assert.deepEqual(await storage.getProposal('bob-1'), {
          id: 'bob-1',
          consultationId: 'c1',
          content: 'Plant trees along every school street',
          author: { name: 'Bob' },
          themeId: 'housing',
          status: 'pending',
          createdAt: at(30),
          votes: ZERO,
          qualifications: {},
        });
        const accepted = await storage.listProposals('c1', { status: 'accepted', limit: 10 });
        assert.ok(!accepted.items.some((p) => p.id === 'bob-1'));
        const pending = await storage.listProposals('c1', { status: 'pending', limit: 10 });
        assert.deepEqual(
          pending.items.map((p) => p.id),
          ['pending1', 'bob-1'],
        );
        assert.ok(!(await storage.sequenceCandidates('c1', ALICE)).some((c) => c.id === 'bob-1'));
        assertRefused(await vote(storage, 'bob-1', ALICE, 'agree', at(31)), 'not_found');
        assert.deepEqual((await consultationIn(storage, 'c1')).counts, { participants: 1, proposals: 3, votes: 0 });
      });

      it('answers a repeated request id with the first proposal and creates nothing new', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await submit(storage, BOB, 'req-1', 'bob-1'));
        assert.deepEqual(await submit(storage, BOB, 'req-1', 'bob-2', { content: 'A retry with other text' }), {
          id: 'bob-1',
          status: 'pending',
        });
        assert.equal(await storage.getProposal('bob-2'), null);
        assert.equal((await proposalIn(storage, 'bob-1')).content, 'Plant trees along every school street');
        // Another participant, or another request, is another proposal.
        assert.deepEqual(await submit(storage, ALICE, 'req-1', 'alice-1'), { id: 'alice-1', status: 'pending' });
        assert.deepEqual(await submit(storage, BOB, 'req-2', 'bob-3'), { id: 'bob-3', status: 'pending' });
        const pending = await storage.listProposals('c1', { status: 'pending', limit: 10 });
        assert.deepEqual(
          pending.items.map((p) => p.id),
          ['pending1', 'bob-1', 'alice-1', 'bob-3'],
        );
      });

      it('creates one proposal when retries of the same request race', async (t) => {
        const storage = await fresh(t);
        await warmUp(storage);
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(storage, BOB, 'req-race', `race-${i}`)));
        const ids = new Set(answers.map((a) => assertAccepted(a).id));
        assert.equal(ids.size, 1);
        const pending = await storage.listProposals('c1', { status: 'pending', limit: 20 });
        assert.deepEqual(
          pending.items.map((p) => p.id),
          ['pending1', ...ids],
        );
      });

      it('refuses a submission to an unknown consultation', async (t) => {
        const storage = await fresh(t);
        assertRefused(await submit(storage, BOB, 'req-1', 'bob-1', { consultationId: 'nope' }), 'not_found');
        assert.equal(await storage.getProposal('bob-1'), null);
      });
    });

    describe('moderation', () => {
      it('accepting makes a proposal listable and votable; refusing needs and keeps a reason', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await submit(storage, BOB, 'req-1', 'bob-1'));
        assert.deepEqual(await storage.moderate('bob-1', 'accept', null, at(40), BY), {
          proposalId: 'bob-1',
          decision: 'accept',
          reason: null,
          decidedAt: at(40),
          operator: BY.operator,
        });
        const accepted = await storage.listProposals('c1', { status: 'accepted', limit: 10 });
        assert.deepEqual(
          accepted.items.map((p) => p.id),
          ['p1', 'p2', 'p3', 'bob-1'],
        );
        assert.equal(assertAccepted(await vote(storage, 'bob-1', ALICE, 'agree', at(41))).votes.agree, 1);
        assert.deepEqual(await storage.moderate('p2', 'refuse', 'offTopic', at(42), BY), {
          proposalId: 'p2',
          decision: 'refuse',
          reason: 'offTopic',
          decidedAt: at(42),
          operator: BY.operator,
        });
        assert.equal((await proposalIn(storage, 'p2')).status, 'refused');
        assert.ok(!(await storage.listProposals('c1', { status: 'accepted', limit: 10 })).items.some((p) => p.id === 'p2'));
        assertRefused(await vote(storage, 'p2', ALICE, 'agree', at(43)), 'not_found');
        assertRefused(await storage.moderate('nope', 'accept', null, at(44), BY), 'not_found');
      });

      it('logs every decision in order, per consultation', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await storage.importConsultation(importFile('c2', [proposal('other1', { status: 'pending' })]), NOW));
        assertAccepted(await storage.moderate('pending1', 'accept', null, at(1), BY));
        assertAccepted(await storage.moderate('other1', 'refuse', 'advertising', at(2), BY));
        assertAccepted(await storage.moderate('p3', 'refuse', 'insulting', at(3), BY));
        assertAccepted(await storage.moderate('pending1', 'refuse', 'partisan', at(4), BY));
        assertAccepted(await storage.moderate('p3', 'accept', null, at(5), BY));
        assert.deepEqual(await storage.moderationLog('c1'), [
          { proposalId: 'pending1', decision: 'accept', reason: null, decidedAt: at(1), operator: BY.operator },
          { proposalId: 'p3', decision: 'refuse', reason: 'insulting', decidedAt: at(3), operator: BY.operator },
          { proposalId: 'pending1', decision: 'refuse', reason: 'partisan', decidedAt: at(4), operator: BY.operator },
          { proposalId: 'p3', decision: 'accept', reason: null, decidedAt: at(5), operator: BY.operator },
        ]);
        assert.deepEqual(await storage.moderationLog('c2'), [{ proposalId: 'other1', decision: 'refuse', reason: 'advertising', decidedAt: at(2), operator: BY.operator }]);
        // The open data agrees with the log: p3's latest decision accepts it, pending1's refuses it.
        const data = await storage.openData('c1');
        assert.deepEqual(data.proposals.map((p) => p.id), ['p1', 'p2', 'p3']);
        assert.equal(data.refused.total, 2);
        assert.equal(data.refused.byReason.partisan, 1, 'pending1, under its latest reason');
        assert.equal(data.refused.byReason.insulting, 0, "p3's earlier refusal no longer counts");
        assert.equal(data.refused.withoutReason, 1, 'refused1, refused by the import file');
        assert.equal((await proposalIn(storage, 'pending1')).status, 'refused');
        assert.equal((await proposalIn(storage, 'p3')).status, 'accepted');
      });
    });

    describe('reading for participants', () => {
      it("lists a participant's current votes in one consultation, with their qualifications", async (t) => {
        const storage = await fresh(t);
        assertAccepted(await storage.importConsultation(importFile('c2', [proposal('other1')]), NOW));
        assertAccepted(await vote(storage, 'p3', ALICE, 'neutral', at(1)));
        assertAccepted(await vote(storage, 'p2', ALICE, 'disagree', at(1)));
        assertAccepted(await qualify(storage, 'p2', ALICE, 'impossible'));
        assertAccepted(await qualify(storage, 'p2', ALICE, 'noWay'));
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p1', ALICE, null, at(2)));
        assertAccepted(await vote(storage, 'other1', ALICE, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p1', BOB, 'agree', at(1)));
        assert.deepEqual(await storage.participantVotes(ALICE, 'c1'), [
          { proposalId: 'p2', key: 'disagree', qualifications: ['noWay', 'impossible'] },
          { proposalId: 'p3', key: 'neutral', qualifications: [] },
        ]);
        assert.deepEqual(await storage.participantVotes(ALICE, 'c2'), [{ proposalId: 'other1', key: 'agree', qualifications: [] }]);
        assert.deepEqual(await storage.participantVotes(CAROL, 'c1'), []);
      });

      it('offers as sequence candidates the accepted proposals the participant has not voted on', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p2', ALICE, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p3', BOB, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p3', CAROL, 'neutral', at(1)));
        const candidates = (await storage.sequenceCandidates('c1', ALICE)).sort((a, b) => a.seq - b.seq);
        assert.deepEqual(
          candidates.map(({ id, votes }) => ({ id, votes })),
          [
            { id: 'p1', votes: 0 },
            { id: 'p3', votes: 2 },
          ],
        );
        assert.ok(candidates.every((c) => Number.isInteger(c.seq)));
        assert.ok(candidates[0].seq < candidates[1].seq, 'seq grows with creation order');
        assert.equal((await storage.sequenceCandidates('c1', CAROL)).length, 2);
        assert.deepEqual(await storage.sequenceCandidates('nope', ALICE), []);
      });
    });

    describe('results and open data', () => {
      it('answers one results row per accepted proposal, in creation order, with its untrusted votes and qualifications apart', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1)));
        assertAccepted(await qualify(storage, 'p1', ALICE, 'doable'));
        assertAccepted(await vote(storage, 'p1', BOB, 'disagree', at(1), 'issued'));
        assertAccepted(await qualify(storage, 'p1', BOB, 'noWay'));
        assertAccepted(await vote(storage, 'p3', BOB, 'neutral', at(1), 'host'));
        const none = { votes: ZERO, qualifications: {} };
        assert.deepEqual(await storage.results('c1'), [
          {
            proposalId: 'p1',
            content: 'Proposal p1: more bike lanes',
            themeId: 'transport',
            votes: { agree: 1, disagree: 1, neutral: 0 },
            qualifications: { doable: 1, noWay: 1 },
            untrusted: { votes: { agree: 1, disagree: 0, neutral: 0 }, qualifications: { doable: 1 } },
          },
          { proposalId: 'p2', content: 'Proposal p2: more bike lanes', themeId: 'housing', votes: ZERO, qualifications: {}, untrusted: none },
          { proposalId: 'p3', content: 'Proposal p3: more bike lanes', themeId: null, votes: { agree: 0, disagree: 0, neutral: 1 }, qualifications: {}, untrusted: none },
        ]);
        // The open data publishes the same untrusted part (a re-run leaves it out as the server does).
        const open = (await storage.openData('c1')).proposals;
        assert.deepEqual(open.map((p) => p.untrustedQualifications ?? null), [{ doable: 1 }, null, null]);
        assert.deepEqual(await storage.results('nope'), []);
      });

      it("gives a results row the author's country when there is one (results count continents)", async (t) => {
        const storage = await fresh(t, null);
        await storage.importConsultation(
          importFile('x1', [
            proposal('x1-a', { author: { organisation: 'Lab', country: 'SN' } }),
            proposal('x1-b', { author: { name: 'Ada' } }),
            proposal('x1-c'),
          ]),
          NOW,
        );
        const rows = await storage.results('x1');
        assert.deepEqual(rows.map((r) => [r.proposalId, r.country ?? null]), [['x1-a', 'SN'], ['x1-b', null], ['x1-c', null]]);
      });

      it('exports accepted proposals only, with tallies, and refusals as counts by reason; never a participant id', async (t) => {
        const storage = await fresh(t);
        assertAccepted(await vote(storage, 'p1', ALICE, 'agree', at(1), 'host'));
        assertAccepted(await qualify(storage, 'p1', ALICE, 'likeIt'));
        assertAccepted(await vote(storage, 'p1', BOB, 'agree', at(1)));
        assertAccepted(await vote(storage, 'p2', CAROL, 'neutral', at(1)));
        assertAccepted(await submit(storage, BOB, 'req-1', 'bob-1'));
        assertAccepted(await submit(storage, BOB, 'req-2', 'bob-2'));
        assertAccepted(await storage.moderate('bob-2', 'refuse', 'offTopic', at(2), BY));
        const data = await storage.openData('c1');
        assert.deepEqual(
          data.proposals.map((p) => p.id),
          ['p1', 'p2', 'p3'],
          'no pending (pending1, bob-1) or refused (refused1, bob-2) proposal',
        );
        assert.deepEqual(data.proposals[0], {
          id: 'p1',
          content: 'Proposal p1: more bike lanes',
          author: { name: 'Ada', age: 36 },
          themeId: 'transport',
          createdAt: NOW,
          votes: { agree: 2, disagree: 0, neutral: 0 },
          verifiedVotes: { agree: 1, disagree: 0, neutral: 0 },
          issuedVotes: { agree: 0, disagree: 0, neutral: 0 },
          untrustedVotes: { agree: 1, disagree: 0, neutral: 0 },
          qualifications: { likeIt: 1 },
        });
        assert.deepEqual(data.refused, {
          total: 2,
          byReason: { incomprehensible: 0, offTopic: 1, discriminatory: 0, partisan: 0, advertising: 0, multipleSubjects: 0, insulting: 0 },
          withoutReason: 1,
        });
        const json = JSON.stringify(data);
        for (const participantId of [ALICE, BOB, CAROL]) assert.ok(!json.includes(participantId), `open data must not contain ${participantId}`);
        assert.ok(!json.includes('req-1'), 'nor a request id');
        assert.deepEqual(await storage.openData('nope'), { proposals: [], refused: { ...data.refused, total: 0, withoutReason: 0, byReason: { ...data.refused.byReason, offTopic: 0 } } });
      });
    });
  });
}
