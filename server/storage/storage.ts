/**
 * What the server needs from a database, in protocol terms. Two implementations: SQLite
 * (`sqlite.ts`, one process) and PostgreSQL (`postgres.ts`, several server processes). Both keep
 * protocol v1's rules inside their own transactions (one vote per participant and proposal, the
 * newest intention wins, qualifications follow their vote, tallies move with the vote rows), so
 * the HTTP layer never reads-then-writes. `test/server/storage.suite.mjs` runs against both.
 */
import type {
  AdminConsultation,
  ConsultationConfig,
  ImportFile,
  ModerationDecision,
  OpenDataProposal,
  OpenDataRefusals,
  RefusalReason,
} from 'consult-widgets/protocol/admin';
import type {
  ParticipantVote,
  Proposal,
  QualificationKey,
  QualificationCounts,
  SubmitProposalRequest,
  Tally,
  VoteKey,
} from 'consult-widgets/protocol';

/** The proposals part of the open data; server/open-data.ts adds the consultation. */
export interface OpenDataRows {
  proposals: OpenDataProposal[];
  refused: OpenDataRefusals;
}

/** A refused write, in the protocol's error vocabulary. */
export interface Refusal {
  refused: 'not_found' | 'closed' | 'conflict' | 'unprocessable';
  message: string;
}
export type Outcome<T> = T | Refusal;
export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'refused' in value;

export interface VoteWrite {
  proposalId: string;
  participantId: string;
  /** `null` withdraws the vote. */
  key: VoteKey | null;
  /** The click's time as sent (a `ClickTime`); counted with `countedClick`, so at most a few minutes ahead of `receivedAt`. */
  votedAt: string;
  /** How far the participant is vouched for (rules.ts `Trust`), kept on the row and counted apart. */
  trust: Trust;
  /** When the server received the write (ms since the epoch; default: now), kept on the vote row. */
  receivedAt?: number;
  /** Keyed hash of the client's address prefix (security/origin.ts), kept on the vote row; absent: none. */
  origin?: string | undefined;
}
export interface VoteOutcome {
  proposalId: string;
  key: VoteKey | null;
  votes: Tally;
}

export interface QualifyWrite {
  proposalId: string;
  participantId: string;
  qualification: QualificationKey;
  active: boolean;
  /** When the server received the write (ms since the epoch; default: now), kept on the vote row. */
  receivedAt?: number;
  /** As `VoteWrite.origin`: a qualification that changes the row sets it too. */
  origin?: string | undefined;
}

export interface SubmitWrite extends SubmitProposalRequest {
  consultationId: string;
  /** New proposal id, used only when the `requestId` is new. */
  newId: string;
  createdAt: string;
}

export interface ProposalListOptions {
  themeId?: string | undefined;
  status: Proposal['status'];
  limit: number;
  /** Position (`seq`) of the last proposal of the previous page. */
  after?: number | undefined;
}
export interface ProposalListPage {
  items: Proposal[];
  /** `seq` of the last item, when more items follow. */
  nextAfter: number | null;
}

export interface ProposalText {
  id: string;
  content: string;
}

/** An accepted proposal the participant has not voted on, for sequence selection. */
export interface SequenceCandidate {
  id: string;
  votes: number;
  /** Creation order: higher is newer. */
  seq: number;
}

/** One accepted proposal as the results method takes it (declared once, by the results module). */
export type { ResultsRow } from 'consult-widgets/method';
export type { RowWithUntrusted } from 'consult-widgets/method';
import type { RowWithUntrusted } from 'consult-widgets/method';
import type { Trust } from './rules.js';
export type { Trust } from './rules.js';

/** What an erasure removed (server/storage/erasure.ts). */
export interface Erasure {
  /** Votes taken back from the tallies (withdrawn vote rows are removed too, not counted here). */
  votes: number;
  qualifications: number;
  /** `submissions` rows: the links to proposals the participant submitted. */
  submissions: number;
  /** Their pending proposals, removed (never published; accepted and refused ones stay, authorless). */
  pendingProposals: number;
  /** Consultations whose rows changed (to stale their cached answers). */
  consultations: string[];
}

export interface Storage extends CohortStorage, SetupStorage, ModerationStorage {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;

  /** Create or update a consultation and its proposals (by id). Tallies of existing proposals stay. */
  importConsultation(file: ImportFile, now: string): Promise<Outcome<{ created: boolean; proposals: number }>>;
  setStatus(consultationId: string, status: 'open' | 'closed'): Promise<boolean>;
  getConsultation(consultationId: string): Promise<AdminConsultation | null>;
  listConsultations(): Promise<AdminConsultation[]>;
  /** The consultation a proposal belongs to (for CORS and signing checks), or null. */
  consultationOfProposal(proposalId: string): Promise<string | null>;

  getProposal(proposalId: string): Promise<Proposal | null>;
  getProposals(proposalIds: readonly string[]): Promise<Proposal[]>;
  listProposals(consultationId: string, options: ProposalListOptions): Promise<ProposalListPage>;
  sequenceCandidates(consultationId: string, participantId: string): Promise<SequenceCandidate[]>;
  /**
   * Id and text of the consultation's accepted proposals, then its pending ones, each in submission
   * order: what near-duplicate flags compare with (server/text-skeleton.ts). Lean on purpose: about
   * a tenth of the cost of reading them as `Proposal`s.
   */
  proposalTexts(consultationId: string): Promise<ProposalText[]>;
  participantVotes(participantId: string, consultationId: string): Promise<ParticipantVote[]>;

  vote(write: VoteWrite): Promise<Outcome<VoteOutcome>>;
  qualify(write: QualifyWrite): Promise<Outcome<{ proposalId: string; qualifications: QualificationCounts }>>;
  /**
   * Removes every row naming the participant (votes, qualifications, submissions links,
   * participants rows) in one consultation, or in all when `consultationId` is null, and moves the
   * tallies back in the same transaction. Erasing again erases nothing and answers zeros.
   */
  eraseParticipant(participantId: string, consultationId: string | null): Promise<Erasure>;
  /** Idempotent by (consultation, participant, requestId): a repeat answers the first proposal's id. */
  submitProposal(write: SubmitWrite): Promise<Outcome<{ id: string; status: 'pending' }>>;

  /**
   * Records a decision with its operator (issue 12) and releases any claim on the proposal;
   * refused (`conflict`) while another operator holds a claim on it.
   */
  moderate(
    proposalId: string,
    decision: 'accept' | 'refuse',
    reason: RefusalReason | null,
    decidedAt: string,
    by: DecisionBy,
  ): Promise<Outcome<ModerationDecision>>;
  moderationLog(consultationId: string): Promise<ModerationDecision[]>;

  /** Accepted proposals with every vote, and apart the untrusted part (issue 10: results may leave it out). */
  results(consultationId: string): Promise<RowWithUntrusted[]>;
  /**
   * The secret stored under `name`; the first caller's `candidate` when there is none yet. Several
   * processes starting at once all answer the one that was stored first.
   */
  serverSecret(name: string, candidate: string): Promise<string>;
  /** What the open data publishes: accepted proposals (tallies, published author fields) and refusal counts. */
  openData(consultationId: string): Promise<OpenDataRows>;

  /** Issuance budgets and used proof-of-work challenges, shared by every process on this database (issuance-tables.ts). */
  readonly issuance: IssuanceTables;

  /** Operator accounts, sessions, invitations and login limits (issue 12; account-tables.ts). */
  readonly accounts: AccountTables;
}
import type { IssuanceTables } from './issuance-tables.js';
import type { AccountTables } from './account-tables.js';
// Issue 12, setup: the change log and the dashboard's aggregates (setup-rows.ts).
import type { SetupStorage } from './setup-rows.js';
export type { Activity, ChangeWrite, NewProposal, SetupStorage } from './setup-rows.js';
import type { DecisionBy, ModerationStorage } from './moderation-rows.js';
export type { DecisionBy, LogFilter, LogEntry, ModerationStorage, QueueStep, StepResult, ThemeWrite } from './moderation-rows.js';

export type { ConsultationConfig };
export type { CohortExclusion, CohortKind, CohortVote, ExclusionWrite, RestoreWrite } from './cohort-rows.js';
import type { CohortExclusion, CohortVote, ExclusionWrite, RestoreWrite } from './cohort-rows.js';
import type { ExcludedPart } from 'consult-widgets/method';

/** Cohorts (issue 10): what detection reads, what operators exclude and restore. */
export interface CohortStorage {
  /** Every counted vote on the consultation's accepted proposals, with its receive time and origin hash. */
  cohortVotes(consultationId: string): Promise<CohortVote[]>;
  /** Per accepted proposal id, the votes the exclusions in force leave out of the results. */
  excludedVotes(consultationId: string): Promise<Map<string, ExcludedPart>>;
  /** Participants of the exclusions in force. */
  excludedMembers(consultationId: string): Promise<Set<string>>;
  /** Every exclusion of the consultation, in force or restored, oldest first. */
  cohortExclusions(consultationId: string): Promise<CohortExclusion[]>;
  /** Excludes the cohort; when one is in force already for that id, changes nothing (`created` false). */
  excludeCohort(write: ExclusionWrite): Promise<{ created: boolean }>;
  /** Restores the exclusion in force of that cohort: false when none is. */
  restoreCohort(write: RestoreWrite): Promise<boolean>;
  /** Whether the cohort was ever excluded in the consultation. */
  wasExcluded(consultationId: string, cohortId: string): Promise<boolean>;
  /**
   * Sets `origin` to NULL on vote rows received before `before` (ms since the epoch) and deletes
   * the server secrets named `keyPrefix…` but `keep`. Answers the number of rows purged.
   */
  purgeOrigins(before: number, keyPrefix: string, keep: string): Promise<number>;
}
