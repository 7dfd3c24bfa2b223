// @ts-check
/**
 * The Storage contract, continued (issue 9): what a hostile client found. A far-future `votedAt`
 * counts at its receive time, so it cannot lock a vote against its owner; a re-import never
 * undoes a moderator's decision; authors' fields are kept and shown only as their form said they
 * would be published. Called by `storageSuite` (storage.suite.mjs), so every storage runs it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

/** Who decides in these tests (issue 12: every decision records its operator). */
export const BY = { operator: { id: 'op_storage_tests', name: 'storage tests' } };

const NOW = '2025-01-01T08:00:00.000Z';
const ALICE = 'participant-alice-7f3a9c';
const BOB = 'participant-bob-19d2e4';
/** The server's receive time in these tests, and instants `seconds` after it. */
const RECEIVED = Date.UTC(2026, 2, 2, 10, 0);
const iso = (ms) => new Date(ms).toISOString();
const after = (seconds) => RECEIVED + seconds * 1000;

/**
 * @import { Storage } from 'consult-server'
 * @import { ImportFile } from 'consult-widgets/protocol/admin'
 * @import { VoteKey } from 'consult-widgets/protocol'
 * @import { TestContext } from 'node:test'
 * @typedef {{ refused: string, message: string }} Refusal
 */

/**
 * The stored proposal, which the test expects to exist.
 * @param {Storage} storage
 * @param {string} id
 */
export async function proposalIn(storage, id) {
  const proposal = await storage.getProposal(id);
  assert.ok(proposal, `no proposal ${id}`);
  return proposal;
}
/**
 * The stored consultation, which the test expects to exist.
 * @param {Storage} storage
 * @param {string} id
 */
export async function consultationIn(storage, id) {
  const consultation = await storage.getConsultation(id);
  assert.ok(consultation, `no consultation ${id}`);
  return consultation;
}

/** @type {(value: unknown) => value is Refusal} */
const isRefusal = (value) => typeof value === 'object' && value !== null && 'refused' in value;
/**
 * @template T
 * @param {T} outcome
 * @returns {Exclude<T, Refusal>}
 */
export function accepted(outcome) {
  assert.ok(!isRefusal(outcome), `unexpected refusal: ${JSON.stringify(outcome)}`);
  return /** @type {Exclude<T, Refusal>} */ (outcome);
}

/**
 * @param {Array<[string, ('accepted' | 'pending' | 'refused')?, string?]>} proposals
 * @returns {ImportFile}
 */
const file = (proposals) => ({
  consultation: {
    id: 'c1',
    title: 'Consultation c1',
    question: 'How should we move around town?',
    locale: 'en',
    status: 'open',
    proposalPrefix: null,
    proposalMinLength: 12,
    proposalMaxLength: 140,
    themes: [],
    allowedOrigins: [],
    requireSignedParticipants: false,
  },
  proposals: proposals.map(([id, status = 'accepted', content = `Proposal ${id}: more bike lanes`]) => ({ id, content, themeId: null, status })),
});
const standard = () => file([['p1'], ['p2'], ['p3'], ['pending1', 'pending']]);

/**
 * A vote received at `receivedAt` (ms), clicked at `votedAt` (a string, as sent).
 * @param {Storage} storage
 * @param {string} participantId
 * @param {VoteKey | null} key
 * @param {string} votedAt
 * @param {number} receivedAt
 */
const vote = (storage, participantId, key, votedAt, receivedAt) =>
  storage.vote({ proposalId: 'p1', participantId, key, votedAt, trust: 'untrusted', receivedAt });

/** @param {(t: TestContext, file?: ImportFile | null) => Promise<Storage>} fresh */
export function safeguardsSuite(fresh) {
  describe('click times (votedAt)', () => {
    it("counts a votedAt years ahead at its receive time: the owner's later vote and withdrawal win", async (t) => {
      const storage = await fresh(t, standard());
      // Before issue 9, this vote counted as clicked in 9999 and every later click lost to it.
      const locked = accepted(await vote(storage, ALICE, 'agree', '9999-12-31T23:59:59Z', RECEIVED));
      assert.equal(locked.key, 'agree');
      const changed = accepted(await vote(storage, ALICE, 'disagree', iso(after(1)), after(1)));
      assert.equal(changed.key, 'disagree', 'a real click one second later wins');
      assert.deepEqual(changed.votes, { agree: 0, disagree: 1, neutral: 0 });
      const withdrawn = accepted(await vote(storage, ALICE, null, iso(after(2)), after(2)));
      assert.equal(withdrawn.key, null, 'and so does a withdrawal');
      assert.deepEqual(withdrawn.votes, { agree: 0, disagree: 0, neutral: 0 });
      assert.deepEqual(await storage.participantVotes(ALICE, 'c1'), []);
    });

    it('keeps a votedAt a few minutes ahead as sent (a fast phone), so its clicks keep their order', async (t) => {
      const storage = await fresh(t, standard());
      // A phone 4 minutes fast clicks agree, then disagree; the agree arrives last (an outbox retry).
      accepted(await vote(storage, BOB, 'disagree', iso(after(4 * 60 + 10)), after(5)));
      const late = accepted(await vote(storage, BOB, 'agree', iso(after(4 * 60)), after(6)));
      assert.equal(late.key, 'disagree', 'the older click loses, although it arrived last');
      // Six minutes ahead is beyond the tolerance: it counts at its receive time, and a click 10 s later wins.
      accepted(await vote(storage, ALICE, 'agree', iso(after(6 * 60)), RECEIVED));
      assert.equal(accepted(await vote(storage, ALICE, 'neutral', iso(after(10)), after(10))).key, 'neutral');
    });
  });

  describe('imports and moderation', () => {
    it('re-importing the file after a refusal keeps the refusal: the status, the log and the open data agree', async (t) => {
      const storage = await fresh(t, standard());
      accepted(await storage.moderate('p2', 'refuse', 'insulting', '2025-01-02T09:00:00.000Z', BY));
      accepted(await storage.moderate('pending1', 'accept', null, '2025-01-02T09:01:00.000Z', BY));
      // The organiser imports the same file again (p2 accepted, pending1 pending in it), rewording p2.
      const again = standard();
      again.proposals[1].content = 'Proposal p2, reworded by the organiser';
      assert.deepEqual(await storage.importConsultation(again, '2025-01-03T00:00:00.000Z'), { created: false, proposals: 4 });
      const p2 = await proposalIn(storage, 'p2');
      assert.equal(p2.status, 'refused', 'the moderator refused it: the file does not accept it again');
      assert.equal(p2.content, 'Proposal p2, reworded by the organiser', 'the rest of the file still applies');
      assert.equal((await proposalIn(storage, 'pending1')).status, 'accepted');
      assert.deepEqual(
        (await storage.moderationLog('c1')).map((d) => [d.proposalId, d.decision]),
        [
          ['p2', 'refuse'],
          ['pending1', 'accept'],
        ],
      );
      const data = await storage.openData('c1');
      assert.deepEqual(
        data.proposals.map((p) => p.id),
        ['p1', 'p3', 'pending1'],
      );
      assert.equal(data.refused.total, 1);
      assert.equal(data.refused.byReason.insulting, 1);
      assert.equal((await storage.results('c1')).some((r) => r.proposalId === 'p2'), false);
    });

    it('a proposal no moderator decided on still takes the status of the file', async (t) => {
      const storage = await fresh(t, standard());
      accepted(await storage.importConsultation(file([['p1', 'refused'], ['p2'], ['p3'], ['pending1', 'accepted']]), NOW));
      assert.equal((await proposalIn(storage, 'p1')).status, 'refused');
      assert.equal((await proposalIn(storage, 'pending1')).status, 'accepted');
      assert.deepEqual(await storage.moderationLog('c1'), []);
      const { refused } = await storage.openData('c1');
      assert.deepEqual([refused.total, refused.withoutReason], [1, 1]);
    });
  });

  describe('authors', () => {
    const submit = (storage, requestId, author) =>
      storage.submitProposal({
        consultationId: 'c1',
        participantId: BOB,
        requestId,
        newId: `bob-${requestId}`,
        content: 'Plant trees along every school street',
        createdAt: NOW,
        author,
      });

    it('keeps and shows only the author fields the form said it would publish', async (t) => {
      const storage = await fresh(t, standard());
      // The general form publishes "the first name and age you give", the expert form "your
      // organisation, country and the name you give". No form sends all four: the age goes.
      /** @type {Array<[string, object, object | undefined]>} */
      const cases = [
        ['general', { name: 'Bob', age: 40 }, { name: 'Bob', age: 40 }],
        ['expert', { name: 'Dr Bob', organisation: 'Lab', country: 'SN' }, { name: 'Dr Bob', organisation: 'Lab', country: 'SN' }],
        ['mixed', { name: 'Bob', age: 40, organisation: 'Lab', country: 'FR' }, { name: 'Bob', organisation: 'Lab', country: 'FR' }],
        ['age-only', { age: 40 }, { age: 40 }],
        ['none', {}, undefined],
      ];
      for (const [requestId, author] of cases) accepted(await submit(storage, requestId, author));
      for (const [requestId, , shown] of cases) {
        const proposal = await proposalIn(storage, `bob-${requestId}`);
        assert.deepEqual(proposal.author, shown, requestId);
        assert.equal('author' in proposal, shown !== undefined, requestId);
      }
      accepted(await storage.moderate('bob-mixed', 'accept', null, '2025-01-02T09:00:00.000Z', BY));
      const published = (await storage.openData('c1')).proposals.find((p) => p.id === 'bob-mixed');
      assert.ok(published);
      assert.deepEqual(published.author, { name: 'Bob', organisation: 'Lab', country: 'FR' });
    });
  });
}
