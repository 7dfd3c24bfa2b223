import type { ConsultLocale } from './locale.js';

const plural = new Intl.PluralRules('fr');

export const fr: ConsultLocale = {
  tag: 'fr',
  voteLabel: { agree: "D'accord", disagree: "Pas d'accord", neutral: 'Neutre' },
  voteGroup: 'Votre vote',
  share: (key, percent) => `${percent} ${{ agree: "d'accord", disagree: "pas d'accord", neutral: 'neutre' }[key]}`,
  voteCount: (count, formatted) => `${formatted} ${plural.select(count) === 'one' ? 'vote' : 'votes'}`,
  byAuthor: (name, age) => [name, age === undefined ? undefined : `${age} ${plural.select(age) === 'one' ? 'an' : 'ans'}`].filter(Boolean).join(', '),
  loading: 'Chargement de la proposition…',
  voteRecorded: 'Vote enregistré',
  voteWithdrawn: 'Vote retiré',
  votePending: 'Enregistré, sera envoyé une fois en ligne',
  voteDelivered: 'Vote transmis',
  resultsHint: 'Votez pour voir ce que pensent les autres',
  closed: "Cette consultation est terminée : il n'est plus possible de voter.",
  retry: 'Réessayer',
  errorPrefix: 'Erreur :',
  errors: {
    load: "La proposition n'a pas pu être chargée.",
    vote: "Votre vote n'a pas pu être enregistré.",
    missingProposal: 'Cette carte a besoin d’un attribut proposal-id ou d’un texte.',
    unknownAdapter: (name, known) => `Aucun adaptateur n'est enregistré sous « ${name} ». Enregistrés : ${known.join(', ')}.`,
    emptyProposal: "Cette proposition n'a pas de texte.",
  },
};
