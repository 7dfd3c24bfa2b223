/**
 * The dashboard's words, in the dashboard's own chunk: only operators who open a dashboard load
 * them (console.js keeps its budget).
 * English as messages, the `dashboard` section of every translation file (locales.ts); `dashboardFrom`
 * builds the functions the views call.
 */
import { fill } from 'consult-widgets/i18n/messages';
import { localized } from './locales.js';

export const dashboardMessagesEn = {
  title: 'Dashboard: {{consultation}}',
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
  updated: 'Checked at {{time}}; refreshes by itself every 10 seconds.',
  newParticipants: 'New participants',
  proposalsSubmitted: 'Proposals submitted',
  noActivity: 'No activity yet.',
  /** Per hour or per day, as the operator chose. */
  chartName: {
    hour: "Chart of new participants, votes and proposals per hour, {{from}} to {{to}}: {{participants}} participants, {{votes}} votes, {{proposals}} proposals in all. The table under it gives each hour's numbers.",
    day: "Chart of new participants, votes and proposals per day, {{from}} to {{to}}: {{participants}} participants, {{votes}} votes, {{proposals}} proposals in all. The table under it gives each day's numbers.",
  },
  table: { hour: "The chart's numbers, hour by hour", day: "The chart's numbers, day by day" },
  tableCaption: { hour: 'Activity per hour (hours with some only)', day: 'Activity per day (days with some only)' },
  when: { hour: 'Hour starting', day: 'Day (UTC)' },
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
  popularShare: '{{votes}} votes, {{agree}} agree',
  divisiveShare: '{{votes}} votes, {{agree}} agree, {{disagree}} disagree',
  openData: 'Open data',
  openDataNote: 'Every accepted proposal with its votes, public: anyone may download it.',
  json: 'Download JSON',
  csv: 'Download CSV',
};

// No plural here: the tag is unused (every section's glue has the same shape, for `localized`).
function dashboardFrom(_tag: string, m: typeof dashboardMessagesEn) {
  type Bucket = 'hour' | 'day';
  return {
    ...m,
    title: (consultation: string) => fill(m.title, { consultation }),
    updated: (time: string) => fill(m.updated, { time }),
    chartName: (bucket: Bucket, from: string, to: string, participants: string, votes: string, proposals: string) =>
      fill(m.chartName[bucket], { from, to, participants, votes, proposals }),
    table: (bucket: Bucket) => m.table[bucket],
    tableCaption: (bucket: Bucket) => m.tableCaption[bucket],
    when: (bucket: Bucket) => m.when[bucket],
    popularShare: (votes: string, agree: string) => fill(m.popularShare, { votes, agree }),
    divisiveShare: (votes: string, agree: string, disagree: string) => fill(m.divisiveShare, { votes, agree, disagree }),
  };
}

export type DashboardStrings = ReturnType<typeof dashboardFrom>;

/** The strings in the console's language (`lang` of the view; English until its file is loaded). */
export const dashboardStrings = localized('dashboard', dashboardMessagesEn, dashboardFrom);
