import { expect } from '@open-wc/testing';
import * as z from 'zod/mini';
import { computeResults } from '../../src/results/index.js';
import {
  Consultation,
  ConsultationResults,
  describeIssue,
  ERROR_STATUS,
  ErrorBody,
  ErrorCode,
  Id,
  ParticipantId,
  ParticipantVotesQuery,
  Proposal,
  ProposalListQuery,
  QUALIFICATION_KEYS,
  QUALIFICATIONS_BY_KEY,
  QualificationKey,
  QualificationsResult,
  QualifyRequest,
  SequenceQuery,
  SequenceResult,
  SubmitProposalRequest,
  SubmitProposalResult,
  VoteResult,
  WithdrawQuery,
} from '../../src/protocol/index.js';
import { expectAccessibleCard } from './card.js';

const ok = (schema: z.ZodMiniType, value: unknown) => z.safeParse(schema, value).success;
const refused = (schema: z.ZodMiniType, value: unknown) => !ok(schema, value);

const proposal = {
  id: 'p-1',
  consultationId: 'ai_2025',
  content: 'Train the population in the ethical use of AI',
  author: { name: 'Camille', age: 34, organisation: 'Lycée Voltaire', country: 'FR' },
  themeId: 'education',
  status: 'accepted',
  createdAt: '2025-02-10T09:30:00.000Z',
  votes: { agree: 60, disagree: 20, neutral: 20 },
  qualifications: { likeIt: 12, noWay: 3 },
};

const consultation = {
  id: 'ai',
  title: 'AI Action Summit',
  question: 'How should AI serve the public good?',
  locale: 'fr-FR',
  status: 'open',
  proposalPrefix: 'We should',
  proposalMinLength: 12,
  proposalMaxLength: 140,
  themes: [{ id: 'education', label: 'AI Education' }],
  counts: { participants: 3, proposals: 2, votes: 10 },
};

/** `value` with `path` (dot-separated) replaced by `replacement`, for one-field-wrong examples. */
function withField(value: unknown, path: string, replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  if (replacement === undefined) delete target[keys.at(-1)!];
  else target[keys.at(-1)!] = replacement;
  return copy;
}

describe('protocol v1 schemas', () => {
  it('check the answers of an accessible card', async () => {
    await expectAccessibleCard();
  });

  describe('ids', () => {
    it('are 1–128 characters of A–Z, a–z, 0–9, _ and -', () => {
      for (const id of ['a', 'P1', 'ai_2025-summit', 'x'.repeat(128)]) expect(ok(Id, id), id).to.equal(true);
      for (const id of ['', 'x'.repeat(129), 'a b', 'é', 'a.b', 'a+b', 'a:b', ' a', 'a\n']) {
        expect(refused(Id, id), JSON.stringify(id)).to.equal(true);
      }
    });

    it('can never walk out of a path: dots, slashes and escapes are refused', () => {
      for (const id of ['.', '..', '../x', '..%2Fx', '%2e%2e', 'a/b', 'a\\b', 'a?b', 'a#b']) {
        expect(refused(Id, id), id).to.equal(true);
        expect(refused(ParticipantId, `participant-${id}`), id).to.equal(true);
      }
    });

    it('refuses what is not a string', () => {
      for (const id of [1, null, undefined, ['a'], { id: 'a' }]) expect(refused(Id, id)).to.equal(true);
    });

    it('participant ids are 8–128 characters long', () => {
      expect(ok(ParticipantId, 'abcdefgh')).to.equal(true);
      expect(ok(ParticipantId, 'p'.repeat(128))).to.equal(true);
      expect(refused(ParticipantId, 'abcdefg')).to.equal(true);
      expect(refused(ParticipantId, 'p'.repeat(129))).to.equal(true);
    });
  });

  describe('qualifications', () => {
    it('are three per vote key, with the names of issue 3', () => {
      expect(QUALIFICATIONS_BY_KEY).to.deep.equal({
        agree: ['likeIt', 'doable', 'platitudeAgree'],
        disagree: ['noWay', 'impossible', 'platitudeDisagree'],
        neutral: ['doNotUnderstand', 'noOpinion', 'doNotCare'],
      });
      expect(new Set(QUALIFICATION_KEYS).size).to.equal(9);
    });

    it('the QualificationKey schema takes exactly those nine', () => {
      for (const key of QUALIFICATION_KEYS) expect(ok(QualificationKey, key), key).to.equal(true);
      for (const key of ['agree', 'likeit', 'LikeIt', '', 'toString']) expect(refused(QualificationKey, key), key).to.equal(true);
    });

    it('counts only known keys with non-negative integers', () => {
      const counts = (qualifications: unknown) => withField(proposal, 'qualifications', qualifications);
      expect(ok(Proposal, counts({}))).to.equal(true);
      expect(ok(Proposal, counts({ doable: 0, doNotCare: 4 }))).to.equal(true);
      expect(refused(Proposal, counts({ loveIt: 1 }))).to.equal(true);
      expect(refused(Proposal, counts({ likeIt: -1 }))).to.equal(true);
      expect(refused(Proposal, counts({ likeIt: 1.5 }))).to.equal(true);
    });
  });

  describe('Proposal', () => {
    it('parses a valid proposal to the same value, also after a JSON round trip', () => {
      expect(z.parse(Proposal, proposal)).to.deep.equal(proposal);
      expect(z.parse(Proposal, JSON.parse(JSON.stringify(proposal)))).to.deep.equal(proposal);
      const minimal = withField(withField(proposal, 'author', undefined), 'themeId', null);
      expect(z.parse(Proposal, minimal)).to.deep.equal(minimal);
    });

    it('ignores properties it does not know, so a backend may add some', () => {
      expect(z.parse(Proposal, { ...proposal, score: 0.7 })).to.deep.equal(proposal);
    });

    it('refuses a wrong type in any field', () => {
      const wrong: [string, unknown][] = [
        ['id', 42],
        ['id', '../p1'],
        ['consultationId', undefined],
        ['content', ''],
        ['content', 'x'.repeat(5001)],
        ['themeId', undefined], // required, null for none
        ['status', 'open'],
        ['createdAt', 'yesterday'],
        ['createdAt', '2025-02-10T09:30:00'], // no offset
        ['createdAt', 1739179800000],
        ['votes', { agree: 1, disagree: 0 }],
        ['votes.agree', -1],
        ['votes.agree', '3'],
        ['votes.neutral', 0.5],
        ['author.age', 'thirty'],
        ['author.age', 131],
        ['qualifications', null],
      ];
      for (const [path, value] of wrong) {
        expect(refused(Proposal, withField(proposal, path, value)), `${path}: ${JSON.stringify(value)}`).to.equal(true);
      }
    });

    it('names the field at fault in one readable line', () => {
      const result = z.safeParse(Proposal, withField(proposal, 'votes.agree', -1));
      expect(result.success).to.equal(false);
      expect(describeIssue(result.error!)).to.match(/^"votes\.agree": /);
    });
  });

  describe('Consultation', () => {
    it('parses a valid consultation to the same value', () => {
      expect(z.parse(Consultation, consultation)).to.deep.equal(consultation);
      const open = { ...consultation, proposalPrefix: null, themes: [] };
      expect(z.parse(Consultation, JSON.parse(JSON.stringify(open)))).to.deep.equal(open);
    });

    it('refuses a wrong type in any field', () => {
      const wrong: [string, unknown][] = [
        ['id', ''],
        ['title', ''],
        ['status', 'draft'],
        ['proposalPrefix', undefined],
        ['proposalMinLength', -1],
        ['proposalMaxLength', '140'],
        ['themes', [{ id: 'a/b', label: 'x' }]],
        ['themes', [{ id: 'a', label: '' }]],
        ['counts.votes', -3],
        ['counts', undefined],
      ];
      for (const [path, value] of wrong) {
        expect(refused(Consultation, withField(consultation, path, value)), `${path}: ${JSON.stringify(value)}`).to.equal(true);
      }
    });
  });

  describe('bodies and answers', () => {
    const submission = { participantId: 'participant-1', requestId: 'req-1', content: 'We should plant trees' };

    it('SubmitProposalRequest: a request id, 1–5000 characters, optional theme and author', () => {
      expect(ok(SubmitProposalRequest, submission)).to.equal(true);
      expect(ok(SubmitProposalRequest, { ...submission, themeId: 'education', author: { name: 'Inès' } })).to.equal(true);
      expect(ok(SubmitProposalRequest, { ...submission, themeId: null })).to.equal(true);
      expect(ok(SubmitProposalRequest, { ...submission, content: 'x'.repeat(5000) })).to.equal(true);
      expect(refused(SubmitProposalRequest, { ...submission, content: '' })).to.equal(true);
      expect(refused(SubmitProposalRequest, { ...submission, content: 'x'.repeat(5001) })).to.equal(true);
      expect(refused(SubmitProposalRequest, { ...submission, requestId: '../x' })).to.equal(true);
      expect(refused(SubmitProposalRequest, { ...submission, requestId: undefined })).to.equal(true);
      expect(refused(SubmitProposalRequest, { ...submission, participantId: 'short' })).to.equal(true);
    });

    it('SubmitProposalResult is always pending', () => {
      expect(ok(SubmitProposalResult, { id: 'p9', status: 'pending' })).to.equal(true);
      expect(refused(SubmitProposalResult, { id: 'p9', status: 'accepted' })).to.equal(true);
    });

    it('qualify bodies and answers', () => {
      expect(ok(QualifyRequest, { votedAt: '2025-02-10T09:30:00+01:00' })).to.equal(true);
      expect(refused(QualifyRequest, {})).to.equal(true);
      expect(ok(QualificationsResult, { proposalId: 'p1', qualifications: { likeIt: 2 } })).to.equal(true);
      expect(refused(QualificationsResult, { proposalId: 'p1', qualifications: ['likeIt'] })).to.equal(true);
    });

    it('a vote answer may hold no key (after a withdrawal)', () => {
      const votes = { agree: 1, disagree: 0, neutral: 0 };
      expect(ok(VoteResult, { proposalId: 'p1', key: null, votes })).to.equal(true);
      expect(ok(VoteResult, { proposalId: 'p1', key: 'agree', votes })).to.equal(true);
      expect(refused(VoteResult, { proposalId: 'p1', key: 'yes', votes })).to.equal(true);
      expect(refused(VoteResult, { proposalId: 'p1', votes })).to.equal(true);
    });

    it('sequences and results', () => {
      expect(z.parse(SequenceResult, { items: [proposal] })).to.deep.equal({ items: [proposal] });
      expect(refused(SequenceResult, { items: [{ ...proposal, votes: null }] })).to.equal(true);
      const results = computeResults({
        consultationId: 'ai',
        counts: { participants: 2, proposals: 1, votes: 2 },
        rows: [{ proposalId: 'p1', content: 'We should test it', themeId: null, votes: { agree: 2, disagree: 0, neutral: 0 }, qualifications: {} }],
      });
      expect(z.parse(ConsultationResults, results)).to.deep.equal(results);
      expect(refused(ConsultationResults, { ...results, counts: undefined })).to.equal(true);
      expect(refused(ConsultationResults, { ...results, method: undefined })).to.equal(true);
    });
  });

  describe('query strings', () => {
    const query = (text: string) => Object.fromEntries(new URLSearchParams(text));

    it('list: limit 1–100 in decimal digits, 20 when absent; optional theme and cursor', () => {
      expect(z.parse(ProposalListQuery, query(''))).to.deep.equal({ limit: 20 });
      expect(z.parse(ProposalListQuery, query('limit=1&themeId=education&cursor=abc'))).to.deep.equal({
        limit: 1,
        themeId: 'education',
        cursor: 'abc',
      });
      expect(z.parse(ProposalListQuery, query('limit=100')).limit).to.equal(100);
      for (const limit of ['0', '101', '-1', '1e1', '0x10', ' 5', '5.0', '', 'twenty', '99999999']) {
        expect(refused(ProposalListQuery, { limit }), JSON.stringify(limit)).to.equal(true);
      }
      expect(refused(ProposalListQuery, query('themeId=../x'))).to.equal(true);
      expect(refused(ProposalListQuery, query('cursor='))).to.equal(true);
    });

    it('sequence: a participant id, size 12 when absent', () => {
      expect(z.parse(SequenceQuery, query('participantId=participant-1'))).to.deep.equal({
        participantId: 'participant-1',
        size: 12,
      });
      expect(z.parse(SequenceQuery, query('participantId=participant-1&size=3')).size).to.equal(3);
      expect(refused(SequenceQuery, query('size=3'))).to.equal(true);
      expect(refused(SequenceQuery, query('participantId=participant-1&size=0'))).to.equal(true);
    });

    it('withdrawal needs its time; participant votes need the consultation', () => {
      expect(ok(WithdrawQuery, query('votedAt=2025-02-10T09%3A30%3A00.000Z'))).to.equal(true);
      expect(refused(WithdrawQuery, query(''))).to.equal(true);
      expect(refused(WithdrawQuery, query('votedAt=now'))).to.equal(true);
      expect(ok(ParticipantVotesQuery, query('consultationId=ai'))).to.equal(true);
      expect(refused(ParticipantVotesQuery, query(''))).to.equal(true);
    });
  });

  describe('errors', () => {
    it('codes and statuses are those of issue 3, and proof_required of protocol 1.1', () => {
      expect(ERROR_STATUS).to.deep.equal({
        invalid_request: 400,
        unauthorized: 401,
        forbidden: 403,
        not_found: 404,
        closed: 409,
        conflict: 409,
        too_large: 413,
        unprocessable: 422,
        proof_required: 428,
        rate_limited: 429,
        server: 500,
      });
      expect(ErrorCode.options).to.deep.equal(Object.keys(ERROR_STATUS));
    });

    it('an error body has a code and a message; clients accept codes they do not know', () => {
      expect(ok(ErrorBody, { error: { code: 'closed', message: 'This consultation is closed.' } })).to.equal(true);
      expect(ok(ErrorBody, { error: { code: 'some_future_code', message: '…' } })).to.equal(true);
      expect(refused(ErrorBody, { error: { code: 'closed' } })).to.equal(true);
      expect(refused(ErrorBody, { code: 'closed', message: 'flat' })).to.equal(true);
      expect(refused(ErrorBody, '<html>502 Bad Gateway</html>')).to.equal(true);
    });
  });
});
