import type { ConsultLocale } from '../locale.js';
import { sectionOf } from '../index.js';
// Strings of <consult-sequence>. Functions receive counts already formatted for the locale
// (`formatted`) and the raw count for plural rules.

const enPlural = new Intl.PluralRules('en');
const frPlural = new Intl.PluralRules('fr');
const en = (count: number, one: string, other: string) => (enPlural.select(count) === 'one' ? one : other);
const fr = (count: number, one: string, other: string) => (frPlural.select(count) === 'one' ? one : other);

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

export const sequenceEn: SequenceStrings = {
  region: (title) => (title ? `Vote: ${title}` : 'Vote'),
  loading: 'Loading the consultation…',
  participants: (n, f) => `${f} ${en(n, 'participant', 'participants')}`,
  proposals: (n, f) => `${f} ${en(n, 'proposal', 'proposals')}`,
  votes: (n, f) => `${f} ${en(n, 'vote', 'votes')}`,
  introLead: 'Read the proposals one at a time and say what you think: agree, disagree or neutral.',
  start: 'Start',
  progress: 'Progress',
  position: (current, total) => `${current} of ${total}`,
  proposalHeading: (current, total) => `Proposal ${current} of ${total}`,
  skip: 'Skip',
  next: 'Next',
  pushHeading: 'Your turn: what do you propose?',
  pushLead: 'Add your own idea to the consultation, or skip to keep voting.',
  finalHeading: 'Thank you for taking part!',
  finalVotes: (n, f) =>
    n === 0 ? 'You did not vote on any proposal this time.' : `You voted on ${f} ${en(n, 'proposal', 'proposals')}.`,
  seeResults: 'See the results',
  emptyHeading: 'Nothing left to vote on',
  emptyText: 'You have voted on every proposal of this consultation, or none has been published yet.',
  closedHeading: 'This consultation is closed',
  closedText: 'Votes are no longer accepted. Here is what participants said.',
  resumed: (current, total) => `Back where you left off: proposal ${current} of ${total}.`,
  errorHeading: 'Something went wrong',
  errors: {
    load: 'The consultation could not be loaded.',
    missingConsultation:
      'This sequence needs a consultation attribute, or a <consult-consultation consultation="…"> around it.',
    unsupported: 'This adapter cannot build a sequence of proposals (it has no getSequence).',
  },
};

export const sequenceFr: SequenceStrings = {
  region: (title) => (title ? `Votez : ${title}` : 'Votez'),
  loading: 'Chargement de la consultation…',
  participants: (n, f) => `${f} ${fr(n, 'participant', 'participants')}`,
  proposals: (n, f) => `${f} ${fr(n, 'proposition', 'propositions')}`,
  votes: (n, f) => `${f} ${fr(n, 'vote', 'votes')}`,
  introLead: 'Lisez les propositions une à une et dites ce que vous en pensez : d’accord, pas d’accord ou neutre.',
  start: 'Commencer',
  progress: 'Progression',
  position: (current, total) => `${current} sur ${total}`,
  proposalHeading: (current, total) => `Proposition ${current} sur ${total}`,
  skip: 'Passer',
  next: 'Suivant',
  pushHeading: 'À vous : que proposez-vous ?',
  pushLead: 'Ajoutez votre propre idée à la consultation, ou passez pour continuer à voter.',
  finalHeading: 'Merci de votre participation !',
  finalVotes: (n, f) =>
    n === 0
      ? 'Vous n’avez voté sur aucune proposition cette fois-ci.'
      : `Vous avez voté sur ${f} ${fr(n, 'proposition', 'propositions')}.`,
  seeResults: 'Voir les résultats',
  emptyHeading: 'Plus rien à voter',
  emptyText: 'Vous avez voté sur toutes les propositions de cette consultation, ou aucune n’est encore publiée.',
  closedHeading: 'Cette consultation est terminée',
  closedText: 'Il n’est plus possible de voter. Voici ce que les participants ont dit.',
  resumed: (current, total) => `Vous reprenez où vous en étiez : proposition ${current} sur ${total}.`,
  errorHeading: 'Un problème est survenu',
  errors: {
    load: 'La consultation n’a pas pu être chargée.',
    missingConsultation:
      'Cette séquence a besoin d’un attribut consultation, ou d’un <consult-consultation consultation="…"> autour d’elle.',
    unsupported: 'Cet adaptateur ne sait pas composer une séquence de propositions (il n’a pas de getSequence).',
  },
};

/** These strings in `locale`: its own `sequence` section, else the built-in one for its language, else English. */
export function sequenceStrings(locale: ConsultLocale): SequenceStrings {
  return sectionOf(locale, locale.sequence, { en: sequenceEn, fr: sequenceFr });
}
