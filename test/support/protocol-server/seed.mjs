// The test server's data after every reset. Tallies start at 0 so that the ground truth from
// `GET __test/state` can check every tally against the votes actually stored (nothing lost,
// nothing counted twice).

const CREATED = '2024-09-18T10:00:00.000Z';

export const consultations = [
  {
    id: 'ai',
    title: 'AI Action Summit',
    question: 'What are your ideas for shaping AI to serve the public good?',
    themes: [
      { id: 'education', label: 'AI Education' },
      { id: 'transparency', label: 'Transparency and Trust' },
    ],
  },
  { id: 'old', title: 'Old consultation', question: 'Is this still open?', status: 'closed' },
];

const accepted = (id, content, themeId, extra = {}) => ({
  id,
  consultationId: 'ai',
  content,
  themeId,
  status: 'accepted',
  createdAt: CREATED,
  ...extra,
});

export const proposals = [
  accepted('p1', 'Train the population in the ethical use of AI and raise awareness of its biases', 'education', {
    author: { name: 'Camille', age: 34 },
  }),
  accepted('p2', 'Ensure easy identification of AI-generated content', 'transparency'),
  accepted('p3', 'Guarantee the security of personal data', 'transparency'),
  accepted('p4', 'Teach how recommendation algorithms work at school', 'education'),
  accepted('p5', 'Publish the training data of public-sector models', null),
  { ...accepted('p6', 'A proposal still in moderation', null), status: 'pending' },
  { id: 'closed1', consultationId: 'old', content: 'A proposal of a closed consultation', createdAt: CREATED },
];

/** A fresh copy each time: the adapter must never share objects with a previous reset. */
export function defaultSeed() {
  return structuredClone({ consultations, proposals });
}
