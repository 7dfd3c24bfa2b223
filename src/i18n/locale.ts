import type { VoteKey } from '../protocol/index.js';

/** Every string a widget shows. A locale is a plain object of this type: see README "Add a locale". */
export interface ConsultLocale {
  /** BCP 47 tag used for number formatting and plural rules. */
  tag: string;
  voteLabel: Record<VoteKey, string>;
  /** Group label of the three vote buttons. */
  voteGroup: string;
  /** "62% agree" style share text in the results bar legend. */
  share: (key: VoteKey, percent: string) => string;
  voteCount: (count: number, formatted: string) => string;
  byAuthor: (name: string | undefined, age: number | undefined) => string;
  loading: string;
  voteRecorded: string;
  voteWithdrawn: string;
  votePending: string;
  voteDelivered: string;
  /** Where the results will appear, before the participant has voted (show-results="after-vote"). */
  resultsHint: string;
  closed: string;
  retry: string;
  errorPrefix: string;
  errors: {
    load: string;
    vote: string;
    missingProposal: string;
    unknownAdapter: (name: string, known: string[]) => string;
    emptyProposal: string;
  };
}
