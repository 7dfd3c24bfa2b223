// The forced-colors test's page: the built ESM bundle and a memory adapter seeded with enough
// votes for popular and divisive ideas, so the card, the results and the sequence all draw bars.
import { MemoryAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';

const votes = [
  { agree: 60, disagree: 10, neutral: 10 },
  { agree: 30, disagree: 28, neutral: 4 },
  { agree: 45, disagree: 5, neutral: 12 },
  { agree: 26, disagree: 24, neutral: 8 },
  { agree: 50, disagree: 8, neutral: 6 },
  { agree: 3, disagree: 2, neutral: 1 },
];
const ideas = [
  'Close school streets to cars at drop-off time',
  'Turn one parking lane per street into cycle paths',
  'Add benches in the shade of every park',
  'Ban leaf blowers in residential streets',
  'Plant a tree for every child born in the city',
  'Open school playgrounds to everyone at weekends',
];

registerAdapterInstance(
  'fc',
  new MemoryAdapter({
    consultations: [
      {
        id: 'fc',
        title: 'Streets and parks',
        question: 'How should we share our streets?',
        themes: [{ id: 'streets', label: 'Safer streets' }],
      },
    ],
    proposals: ideas.map((content, index) => ({
      id: `fc-${index + 1}`,
      consultationId: 'fc',
      content,
      themeId: 'streets',
      author: { name: 'Inès', age: 41 },
      votes: votes[index],
    })),
  }),
);
