// An adapter (think: a compromised or careless backend) that returns markup as proposal text.
import { MemoryAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';

registerAdapterInstance(
  'hostile',
  new MemoryAdapter({
    consultations: [{ id: 'hostile', title: 'Hostile', question: 'Is markup shown as text?' }],
    proposals: [{ id: 'hostile-1', consultationId: 'hostile', content: '<img src=x onerror="window.__xss=1">' }],
  }),
);
