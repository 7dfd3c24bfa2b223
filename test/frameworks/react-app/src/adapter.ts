import { MemoryAdapter } from 'consult-widgets';

/** One in-page backend for both cards, seeded with two proposals for each. */
export const adapter = new MemoryAdapter({
  consultations: [{ id: 'city', question: 'How can we make our streets safer?' }],
  proposals: [
    { id: 'p1', content: 'Close school streets to cars at drop-off time' },
    { id: 'p2', content: 'Add benches in the shade of every park' },
    { id: 'n1', content: 'Paint protected bike lanes on every main road' },
    { id: 'n2', content: 'Light every pedestrian crossing at night' },
  ],
});
