import type { MemoryAdapterOptions } from 'consult-widgets';

/** Two proposals in one open consultation (the memory adapter fills in the rest). */
export const seeds: MemoryAdapterOptions = {
  consultations: [{ id: 'vue-app' }],
  proposals: [
    { id: 'p1', content: 'We should plant trees on every street.' },
    { id: 'p2', content: 'We should open libraries on Sundays.' },
  ],
};
