import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
import { fill, merge, plural } from '../messages.js';
// Strings of <consult-sequence>. Functions receive counts already formatted for the locale
// (`formatted`) and the raw count for plural rules.

export interface SequenceStrings {
  /** Accessible name of the widget's region, from the consultation's title when known. */
  region: (title: string | undefined) => string;
  loading: string;
  /** The intro card's consultation counts. */
  participants: (count: number, formatted: string) => string;
  proposals: (count: number, formatted: string) => string;
  votes: (count: number, formatted: string) => string;
  /** What the sequence asks of the participant, under the question. */
  introLead: string;
  start: string;
  /** Accessible name of the progress bar. */
  progress: string;
  /** The progress bar's value text, e.g. "3 of 12". */
  position: (current: string, total: string) => string;
  /** Heading of a proposal card, e.g. "Proposal 3 of 12". */
  proposalHeading: (current: string, total: string) => string;
  /** Moves on without voting. */
  skip: string;
  /** Moves on after a vote (or a submitted proposal). */
  next: string;
  pushHeading: string;
  pushLead: string;
  finalHeading: string;
  /** The votes the participant cast in this sequence, on the final card. */
  finalVotes: (count: number, formatted: string) => string;
  seeResults: string;
  emptyHeading: string;
  emptyText: string;
  closedHeading: string;
  closedText: string;
  /** Said by the live region when a reload brings the participant back to where they were. */
  resumed: (current: string, total: string) => string;
  errorHeading: string;
  errors: {
    load: string;
    missingConsultation: string;
    unsupported: string;
  };
}

/** English: the source of the `sequence` section of every translation file. */
export const sequenceMessagesEn = {
  region: 'Vote: {{title}}',
  regionUntitled: 'Vote',
  loading: 'Loading the consultation…',
  participants_one: '{{count}} participant',
  participants_other: '{{count}} participants',
  proposals_one: '{{count}} proposal',
  proposals_other: '{{count}} proposals',
  votes_one: '{{count}} vote',
  votes_other: '{{count}} votes',
  introLead: 'Read the proposals one at a time and say what you think: agree, disagree or neutral.',
  start: 'Start',
  progress: 'Progress',
  position: '{{current}} of {{total}}',
  proposalHeading: 'Proposal {{current}} of {{total}}',
  skip: 'Skip',
  next: 'Next',
  pushHeading: 'Your turn: what do you propose?',
  pushLead: 'Add your own idea to the consultation, or skip to keep voting.',
  finalHeading: 'Thank you for taking part!',
  finalVotesNone: 'You did not vote on any proposal this time.',
  finalVotes_one: 'You voted on {{count}} proposal.',
  finalVotes_other: 'You voted on {{count}} proposals.',
  seeResults: 'See the results',
  emptyHeading: 'Nothing left to vote on',
  emptyText: 'You have voted on every proposal of this consultation, or none has been published yet.',
  closedHeading: 'This consultation is closed',
  closedText: 'Votes are no longer accepted. Here is what participants said.',
  resumed: 'Back where you left off: proposal {{current}} of {{total}}.',
  errorHeading: 'Something went wrong',
  errors: {
    load: 'The consultation could not be loaded.',
    missingConsultation: 'This sequence needs a consultation attribute, or a <consult-consultation consultation="…"> around it.',
    unsupported: 'This adapter cannot build a sequence of proposals (it has no getSequence).',
  },
};

function sequenceFrom(tag: string, m: typeof sequenceMessagesEn): SequenceStrings {
  const count = (key: string) => (n: number, formatted: string) => plural(m, tag, key, n, { count: formatted });
  const of = (template: string) => (current: string, total: string) => fill(template, { current, total });
  return {
    ...m,
    region: (title) => (title ? fill(m.region, { title }) : m.regionUntitled),
    participants: count('participants'),
    proposals: count('proposals'),
    votes: count('votes'),
    position: of(m.position),
    proposalHeading: of(m.proposalHeading),
    finalVotes: (n, formatted) => (n === 0 ? m.finalVotesNone : count('finalVotes')(n, formatted)),
    resumed: of(m.resumed),
  };
}

export const sequenceEn = sequenceFrom('en', sequenceMessagesEn);

/** These strings in `locale`: its own `sequence` section, else its translation file's, else English. */
export function sequenceStrings(locale: ConsultLocale): SequenceStrings {
  return sectionOf(locale, 'sequence', locale.sequence, sequenceEn, (tag, m) => sequenceFrom(tag, merge(sequenceMessagesEn, m)));
}
