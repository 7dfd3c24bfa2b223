/**
 * The dashboard's words, en and fr like i18n.ts, in the dashboard's own chunk: only operators who
 * open a dashboard load them (console.js keeps its 35 KB budget).
 */
const en = {
  title: (consultation: string) => `Dashboard: ${consultation}`,
  counts: 'Totals',
  participants: 'Participants',
  votes: 'Votes',
  proposals: 'Accepted proposals',
  pending: 'Waiting for moderation',
  moderate: 'Moderate the pending proposals',
  activity: 'Activity over time',
  per: 'Per',
  hour: 'Hour',
  day: 'Day',
  refresh: 'Refresh',
  refreshed: 'Dashboard refreshed.',
  updated: (time: string) => `Checked at ${time}; refreshes by itself every 10 seconds.`,
  newParticipants: 'New participants',
  proposalsSubmitted: 'Proposals submitted',
  noActivity: 'No activity yet.',
  chartName: (bucket: 'hour' | 'day', from: string, to: string, participants: string, votes: string, proposals: string) =>
    `Chart of new participants, votes and proposals per ${bucket}, ${from} to ${to}: ${participants} participants, ${votes} votes, ${proposals} proposals in all. The table under it gives each ${bucket}'s numbers.`,
  table: (bucket: 'hour' | 'day') => `The chart's numbers, ${bucket} by ${bucket}`,
  tableCaption: (bucket: 'hour' | 'day') => `Activity per ${bucket} (${bucket === 'hour' ? 'hours' : 'days'} with some only)`,
  when: (bucket: 'hour' | 'day'): string => (bucket === 'hour' ? 'Hour starting' : 'Day (UTC)'),
  themes: 'Votes per theme',
  themesCaption: 'Votes on accepted proposals, as the results count them',
  theme: 'Theme',
  noTheme: 'No theme',
  agree: 'Agree',
  disagree: 'Disagree',
  neutral: 'Neutral',
  total: 'Votes',
  popular: 'Popular ideas',
  divisive: 'Divisive ideas',
  noneYet: 'None yet: an idea enters this list once it has enough votes.',
  popularShare: (votes: string, agree: string) => `${votes} votes, ${agree} agree`,
  divisiveShare: (votes: string, agree: string, disagree: string) => `${votes} votes, ${agree} agree, ${disagree} disagree`,
  openData: 'Open data',
  openDataNote: 'Every accepted proposal with its votes, public: anyone may download it.',
  json: 'Download JSON',
  csv: 'Download CSV',
};

export type DashboardStrings = typeof en;

const fr: DashboardStrings = {
  title: (consultation) => `Tableau de bord : ${consultation}`,
  counts: 'Totaux',
  participants: 'Participants',
  votes: 'Votes',
  proposals: 'Propositions acceptées',
  pending: 'En attente de modération',
  moderate: 'Modérer les propositions en attente',
  activity: 'Activité dans le temps',
  per: 'Par',
  hour: 'Heure',
  day: 'Jour',
  refresh: 'Actualiser',
  refreshed: 'Tableau de bord actualisé.',
  updated: (time) => `Vérifié à ${time} ; s’actualise seul toutes les 10 secondes.`,
  newParticipants: 'Nouveaux participants',
  proposalsSubmitted: 'Propositions soumises',
  noActivity: 'Aucune activité pour l’instant.',
  chartName: (bucket, from, to, participants, votes, proposals) =>
    `Graphique des nouveaux participants, votes et propositions par ${bucket === 'hour' ? 'heure' : 'jour'}, de ${from} à ${to} : ${participants} participants, ${votes} votes, ${proposals} propositions en tout. Le tableau dessous en donne les chiffres ${bucket === 'hour' ? 'heure par heure' : 'jour par jour'}.`,
  table: (bucket) => `Les chiffres du graphique, ${bucket === 'hour' ? 'heure par heure' : 'jour par jour'}`,
  tableCaption: (bucket) => `Activité par ${bucket === 'hour' ? 'heure (heures' : 'jour (jours'} avec de l’activité seulement)`,
  when: (bucket) => (bucket === 'hour' ? 'Heure de début' : 'Jour (UTC)'),
  themes: 'Votes par thème',
  themesCaption: 'Votes sur les propositions acceptées, comptés comme dans les résultats',
  theme: 'Thème',
  noTheme: 'Sans thème',
  agree: 'D’accord',
  disagree: 'Pas d’accord',
  neutral: 'Neutre',
  total: 'Votes',
  popular: 'Idées populaires',
  divisive: 'Idées qui divisent',
  noneYet: 'Aucune pour l’instant : une idée entre dans cette liste une fois assez de votes reçus.',
  popularShare: (votes, agree) => `${votes} votes, ${agree} d’accord`,
  divisiveShare: (votes, agree, disagree) => `${votes} votes, ${agree} d’accord, ${disagree} pas d’accord`,
  openData: 'Données ouvertes',
  openDataNote: 'Chaque proposition acceptée avec ses votes, en accès public : tout le monde peut les télécharger.',
  json: 'Télécharger en JSON',
  csv: 'Télécharger en CSV',
};

export const DASHBOARD_STRINGS: Record<string, DashboardStrings> = { en, fr };

/** The dashboard's words in the console's language (English when it has none of its own). */
export const dashboardStrings = (lang: string): DashboardStrings => DASHBOARD_STRINGS[lang] ?? en;
