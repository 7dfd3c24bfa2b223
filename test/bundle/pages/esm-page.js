// What a partner site's own module does: import the built ESM bundle (which registers the
// elements) and plug in a seeded adapter under a name the cards refer to.
import { MemoryAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';

registerAdapterInstance(
  'smoke',
  new MemoryAdapter({
    consultations: [
      {
        id: 'smoke',
        title: 'Streets and parks',
        question: 'How should we share our streets?',
        themes: [{ id: 'streets', label: 'Safer streets' }],
      },
    ],
    proposals: [
      {
        id: 'smoke-1',
        consultationId: 'smoke',
        content: 'Close school streets to cars at drop-off time',
        themeId: 'streets',
        author: { name: 'Inès', age: 41 },
        votes: { agree: 2, disagree: 1, neutral: 0 },
      },
      {
        id: 'smoke-2',
        consultationId: 'smoke',
        content: 'Add benches in the shade of every park',
        votes: { agree: 0, disagree: 0, neutral: 1 },
      },
    ],
  }),
);
