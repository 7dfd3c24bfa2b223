import type { ConsultationSeed, ProposalSeed } from '../../src/adapters/memory.js';

/** A small consultation for tests: three accepted proposals, one pending, and a closed consultation. */
export const consultations: ConsultationSeed[] = [
  {
    id: 'ai',
    title: 'AI Action Summit',
    question: 'What are your ideas for shaping AI to serve the public good?',
    themes: [
      { id: 'education', label: 'AI Education' },
      { id: 'transparency', label: 'Transparency and Trust' },
    ],
  },
  { id: 'old', title: 'Old', question: 'Closed?', status: 'closed' },
];

export const proposals: ProposalSeed[] = [
  {
    id: 'p1',
    consultationId: 'ai',
    content: 'Train the population in the ethical use of AI and raise awareness of its biases',
    themeId: 'education',
    author: { name: 'Camille', age: 34 },
    votes: { agree: 60, disagree: 20, neutral: 20 },
  },
  {
    id: 'p2',
    consultationId: 'ai',
    content: 'Ensure easy identification of AI-generated content',
    themeId: 'transparency',
    votes: { agree: 3, disagree: 1, neutral: 0 },
  },
  { id: 'p3', consultationId: 'ai', content: 'Guarantee the security of personal data', themeId: 'transparency' },
  { id: 'p4', consultationId: 'ai', content: 'A proposal still in moderation', status: 'pending' },
  { id: 'closed1', consultationId: 'old', content: 'A proposal of a closed consultation' },
];

export const seed = { consultations, proposals };
