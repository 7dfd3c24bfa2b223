import type { VoteKey } from '../protocol/index.js';
import type { ProposeStrings } from './sections/propose.js';
import type { QualifyStrings } from './sections/qualify.js';
import type { ResultsStrings } from './sections/results.js';
import type { SequenceStrings } from './sections/sequence.js';

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
  /**
   * The strings of the card's qualifications and of the other widgets, one section each
   * (src/i18n/sections/). Optional: a widget uses the locale's own section when it has one, else
   * its built-in section for the locale's language, else English. They live with their widget, so
   * a page pays only for the strings of the widgets it shows.
   */
  qualify?: QualifyStrings;
  propose?: ProposeStrings;
  results?: ResultsStrings;
  sequence?: SequenceStrings;
}
