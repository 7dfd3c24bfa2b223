// The Make.org-shaped API's answers, and how they map to consult-widgets' protocol.
import type { Consultation, Proposal, QualificationKey, Tally, VoteKey } from 'consult-widgets';
import type { QualificationCounts } from 'consult-widgets/protocol';

export interface ApiQuestion {
  questionId: string;
  title: string;
  question: string;
  language: string;
  status: 'open' | 'finished';
  wording?: { prefix?: string };
  proposalsCount: number;
  votesCount: number;
  participantsCount: number;
}

/** Per vote key: its count and its qualifications' counts (Make.org's shape). */
export type ApiVotes = { voteKey: VoteKey; count: number; qualifications: { qualificationKey: QualificationKey; count: number }[] }[];

export interface ApiProposal {
  id: string;
  questionId: string;
  content: string;
  status: 'Accepted' | 'Pending' | 'Refused';
  createdAt: string;
  author?: { firstName?: string; age?: number };
  /** Opaque; a write without the right one is refused. */
  proposalKey: string;
  votes: ApiVotes;
}

/** The visitor's vote on a proposal (`GET /proposals/{id}/vote`, and every write's answer). */
export interface ApiVoteAnswer {
  voteKey: VoteKey | null;
  qualificationKeys: QualificationKey[];
  /** Only in a write's answer: the proposal's counts after it. */
  votes: ApiVotes;
}

/** `Storage`'s two methods the adapter uses (localStorage, or an object in tests). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/** What this browser last saw of a participant's vote on a proposal, and when they clicked. */
export interface HeldVote {
  key?: VoteKey | null;
  votedAt?: string;
}

/** A participant as this browser knows them: their session, their votes as last seen. */
export interface Known {
  sessionId?: string;
  votes: Record<string, HeldVote>;
}

export function held(votes: ApiVotes): { tally: Tally; qualifications: QualificationCounts } {
  const tally: Tally = { agree: 0, disagree: 0, neutral: 0 };
  const qualifications: QualificationCounts = {};
  for (const entry of votes) {
    tally[entry.voteKey] = entry.count;
    for (const q of entry.qualifications) if (q.count) qualifications[q.qualificationKey] = q.count;
  }
  return { tally, qualifications };
}

export function toConsultation(q: ApiQuestion): Consultation {
  return {
    id: q.questionId,
    title: q.title,
    question: q.question,
    locale: q.language,
    status: q.status === 'open' ? 'open' : 'closed',
    proposalPrefix: q.wording?.prefix ?? null,
    proposalMinLength: 12,
    proposalMaxLength: 140,
    themes: [],
    counts: { participants: q.participantsCount, proposals: q.proposalsCount, votes: q.votesCount },
  };
}

export function toProposal(p: ApiProposal): Proposal {
  const { tally, qualifications } = held(p.votes);
  const author = p.author && { ...(p.author.firstName && { name: p.author.firstName }), ...(p.author.age !== undefined && { age: p.author.age }) };
  return {
    id: p.id,
    consultationId: p.questionId,
    content: p.content,
    ...(author && { author }),
    themeId: null,
    status: p.status === 'Accepted' ? 'accepted' : p.status === 'Pending' ? 'pending' : 'refused',
    createdAt: p.createdAt,
    votes: tally,
    qualifications,
    // Contract v2: the card hands this back in castVote / qualify, so a write needs no read first.
    meta: { proposalKey: p.proposalKey },
  };
}
