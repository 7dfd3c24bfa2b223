// Seeded tallies for the property tests: the same seed gives the same tallies on every run, so a
// failing case can be replayed from the seed printed in its message.
import type { QualificationCounts, Tally } from '../../src/protocol/index.js';
import { mulberry32 } from '../../bench/random.mjs';

export { mulberry32 };

export interface GeneratedProposal {
  votes: Tally;
  qualifications: QualificationCounts;
}

/**
 * A consistent tally: up to `maxVotes` votes split at random, and each qualification chosen by
 * any number of the voters of its key, from none to all of them (so scores above one point per
 * vote, and negative ones, both occur).
 */
export function randomProposal(random: () => number, maxVotes = 300): GeneratedProposal {
  const int = (max: number) => Math.floor(random() * (max + 1));
  const n = int(maxVotes);
  const agree = int(n);
  const disagree = int(n - agree);
  const neutral = n - agree - disagree;
  // Half the time qualifications are rare (realistic), half the time anything goes.
  const some = (voters: number) => (random() < 0.5 ? int(Math.floor(voters / 5)) : int(voters));
  return {
    votes: { agree, disagree, neutral },
    qualifications: {
      likeIt: some(agree),
      doable: some(agree),
      platitudeAgree: some(agree),
      noWay: some(disagree),
      impossible: some(disagree),
      platitudeDisagree: some(disagree),
      doNotUnderstand: some(neutral),
      noOpinion: some(neutral),
      doNotCare: some(neutral),
    },
  };
}
