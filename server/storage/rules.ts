/**
 * Protocol v1's write rules as pure functions over stored rows, shared by both storages: each runs
 * them inside its own transaction, between reading the vote row and writing the changes.
 */
import { publishedAuthor } from 'consult-widgets/protocol/admin';
import {
  planQualification as qualificationRule,
  planVote as voteRule,
  QUALIFICATION_KEYS,
  VOTE_KEYS,
  type VoteState,
  type Author,
  type Proposal,
  type QualificationCounts,
  type QualificationKey,
  type Tally,
  type VoteKey,
} from 'consult-widgets/protocol';

/** Column of each vote key and qualification in the `proposals` table (same names in both databases). */
export const VOTE_COLUMNS = { agree: 'agree', disagree: 'disagree', neutral: 'neutral' } as const;
/** Votes of participants the host site signed (trust `host`). */
export const VERIFIED_COLUMNS = { agree: 'v_agree', disagree: 'v_disagree', neutral: 'v_neutral' } as const;
/** Votes of participants this server issued (trust `issued`, migration 3). */
export const ISSUED_COLUMNS = { agree: 'i_agree', disagree: 'i_disagree', neutral: 'i_neutral' } as const;
export const QUALIFICATION_COLUMNS: Record<QualificationKey, string> = {
  likeIt: 'q_like_it',
  doable: 'q_doable',
  platitudeAgree: 'q_platitude_agree',
  noWay: 'q_no_way',
  impossible: 'q_impossible',
  platitudeDisagree: 'q_platitude_disagree',
  doNotUnderstand: 'q_do_not_understand',
  noOpinion: 'q_no_opinion',
  doNotCare: 'q_do_not_care',
};
/** The counter columns of migration 1, frozen: the DDL of a shipped migration never changes. */
export const COUNTER_COLUMNS_V1 = [
  ...VOTE_KEYS.map((k) => VOTE_COLUMNS[k]),
  ...VOTE_KEYS.map((k) => VERIFIED_COLUMNS[k]),
  ...QUALIFICATION_KEYS.map((q) => QUALIFICATION_COLUMNS[q]),
];
/** Every counter column, in a fixed order: the order of `VotePlan.delta`. */
export const COUNTER_COLUMNS = [...COUNTER_COLUMNS_V1, ...VOTE_KEYS.map((k) => ISSUED_COLUMNS[k])];

/**
 * How far a vote's participant is vouched for: `host` (the host site signed the id), `issued`
 * (this server issued the id and the write carried its token) or `untrusted` (a bare id the client
 * chose). Kept on every vote row; the tallies count `host` and `issued` votes apart.
 */
export type Trust = 'host' | 'issued' | 'untrusted';
export const TRUST_LEVELS: readonly Trust[] = ['host', 'issued', 'untrusted'];
const TRUST_COLUMNS: Record<Trust, Record<VoteKey, string> | null> = { host: VERIFIED_COLUMNS, issued: ISSUED_COLUMNS, untrusted: null };

/** A participant's stored vote on a proposal; `key: null` after a withdrawal (its time is kept). */
export interface VoteRow {
  key: VoteKey | null;
  /** Milliseconds since the epoch of the click (`votedAt`), so offsets compare correctly. */
  votedAt: number;
  trust: Trust;
  /** Bit i set: `QUALIFICATION_KEYS[i]` is chosen. */
  qualifications: number;
}

/** What one write changes: the vote row to store (null: nothing) and how much each counter moves. */
export interface VotePlan {
  row: VoteRow | null;
  /** One number per `COUNTER_COLUMNS` entry. */
  delta: number[];
  /** The participant's key after the write (what the answer says). */
  key: VoteKey | null;
}

const index = (column: string) => COUNTER_COLUMNS.indexOf(column);

/**
 * Protocol v1's vote rule (src/protocol/vote-rules.ts) on a stored row: the counters of the key
 * removed and added, at the trust level of the write that made each, and the dropped qualifications.
 */
export function planVote(previous: VoteRow | undefined, key: VoteKey | null, votedAt: number, trust: Trust): VotePlan {
  const delta = COUNTER_COLUMNS.map(() => 0);
  const change = voteRule(previous && stateOf(previous), key, votedAt);
  if (!change.next) return { row: null, delta, key: previous?.key ?? null };
  const move = (k: VoteKey, level: Trust, by: number) => {
    delta[index(VOTE_COLUMNS[k])]! += by;
    const apart = TRUST_COLUMNS[level];
    if (apart) delta[index(apart[k])]! += by;
  };
  if (change.removed) move(change.removed, previous!.trust, -1);
  if (change.added) move(change.added, trust, 1);
  for (const q of change.dropped) delta[index(QUALIFICATION_COLUMNS[q])]! -= 1;
  // A withdrawal keeps the trust of the write that made it: where it came from, not a count.
  return { row: { key, votedAt, trust, qualifications: maskOf(change.next.qualifications) }, delta, key };
}

export type QualifyPlan = { conflict: string } | { qualifications: number; delta: number[] };

/** Protocol v1's qualification rule on a stored row. */
export function planQualification(previous: VoteRow | undefined, qualification: QualificationKey, active: boolean): QualifyPlan {
  const change = qualificationRule(previous && stateOf(previous), qualification, active);
  if ('conflict' in change) return change;
  const delta = COUNTER_COLUMNS.map(() => 0);
  delta[index(QUALIFICATION_COLUMNS[qualification])] = change.change;
  return { qualifications: maskOf(change.qualifications), delta };
}

const stateOf = (row: VoteRow): VoteState => ({ key: row.key, votedAt: row.votedAt, qualifications: qualificationsOf(row.qualifications) });
const maskOf = (qualifications: readonly QualificationKey[]) =>
  qualifications.reduce((mask, q) => mask | (1 << QUALIFICATION_KEYS.indexOf(q)), 0);

export function qualificationsOf(mask: number): QualificationKey[] {
  return QUALIFICATION_KEYS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The columns of a `proposals` row, as both databases return them. */
export interface ProposalRow {
  id: string;
  consultation_id: string;
  content: string;
  theme_id: string | null;
  author: string | null;
  status: Proposal['status'];
  created_at: string;
  [counter: string]: unknown;
}

export function tallyOf(row: Record<string, unknown>, columns: Record<VoteKey, string> = VOTE_COLUMNS): Tally {
  return { agree: Number(row[columns.agree]), disagree: Number(row[columns.disagree]), neutral: Number(row[columns.neutral]) };
}

/** Qualification counts with only the keys someone chose (absent keys count 0, as the protocol says). */
export function qualificationCountsOf(row: Record<string, unknown>): QualificationCounts {
  const counts: QualificationCounts = {};
  for (const q of QUALIFICATION_KEYS) {
    const n = Number(row[QUALIFICATION_COLUMNS[q]]);
    if (n > 0) counts[q] = n;
  }
  return counts;
}

/**
 * The author fields a proposal shows, wherever it is read (public API, admin API, open data): only
 * those its author agreed to publish. Rows written before issue 9 may hold more; they stay unread.
 */
function authorOf(row: ProposalRow): { author?: Author } {
  const author = row.author ? publishedAuthor(JSON.parse(row.author) as Author) : undefined;
  return author ? { author } : {};
}

export function proposalOf(row: ProposalRow): Proposal {
  return {
    id: row.id,
    consultationId: row.consultation_id,
    content: row.content,
    ...authorOf(row),
    themeId: row.theme_id,
    status: row.status,
    createdAt: row.created_at,
    votes: tallyOf(row),
    qualifications: qualificationCountsOf(row),
  };
}
