// @ts-check
/**
 * What the ten-minute attack tests share (attack-ten-minutes.test.mjs over HTTP, attack-widgets.test.mjs
 * with the real widgets): a simulated clock for `createConsultServer({ now })`, the seed's lists,
 * and the vote that pushes a listed idea out fastest.
 */

/** A fixed Tuesday morning, UTC: far from midnight, so ten or thirty minutes stay within one day. */
export const T0 = Date.UTC(2026, 2, 10, 9, 0);
export const MINUTE = 60_000;

/**
 * Simulated time: `now` is what the server reads; the attacker "waits" by moving it forward. It
 * never goes back (a wait that ends before another one already did changes nothing).
 */
export function simulatedClock(start = T0) {
  let time = start;
  return {
    now: () => time,
    /** Wait until `instant` (epoch ms). */
    until(instant) {
      time = Math.max(time, instant);
    },
    advance(ms) {
      time += ms;
    },
    iso: () => new Date(time).toISOString(),
  };
}

/** The qualifications that go with each key's most damaging vote (methodology, section 6). */
export const DAMAGE = { agree: [], disagree: ['noWay', 'impossible', 'platitudeDisagree'], neutral: [] };

export const listsOf = (results) => ({ popular: results.popular, divisive: results.divisive });

/**
 * Which ideas are published, whatever their order: the popular ones by theme, the divisive ones.
 * Issued votes within the budget may swap two neighbours (rank is not robustness's promise:
 * it counts the votes that move an idea out of its list), never add or drop one.
 */
export const publishedIdeas = (results) => ({
  popular: Object.fromEntries(results.popular.map((g) => [g.themeId, [...g.proposalIds].sort()])),
  divisive: [...results.divisive].sort(),
});

/**
 * The `count` listed ideas fewest trusted votes would move, most fragile first, each with the
 * vote that moves it: `{ proposalId, key, qualifications, robustness }`. A divisive idea gets no
 * qualifications (its zone rule reads the shares of keys only).
 */
export function mostFragile(results, count) {
  const divisive = new Set(results.divisive);
  return results.proposals
    .filter((p) => p.rank !== null && p.robustness)
    .sort((a, b) => a.robustness.votes - b.robustness.votes)
    .slice(0, count)
    .map((p) => ({
      proposalId: p.proposalId,
      key: p.robustness.key,
      qualifications: divisive.has(p.proposalId) ? [] : DAMAGE[p.robustness.key],
      robustness: p.robustness.votes,
    }));
}

/**
 * `task(i)` for i = 0 … count − 1, `width` at a time, as an attacker's script keeps requests in
 * flight. For writes whose order asserts nothing (each index its own participant): PostgreSQL
 * commits them together instead of one fsync after another.
 * @param {number} count
 * @param {number} width
 * @param {(i: number) => Promise<unknown>} task
 */
export async function inFlight(count, width, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}
