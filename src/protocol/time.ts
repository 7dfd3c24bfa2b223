/**
 * Click times (`votedAt`): which strings name a real instant, and which instant a write counts
 * with. Pure rules shared by the reference server and the in-page adapters, so a vote is judged
 * the same wherever it lands (docs/protocol.md, rule 3: the newest `votedAt` wins).
 */

/**
 * `YYYY-MM-DDTHH:MM[:SS[.fraction]]` then `Z` or `±HH:MM`: the shape `Timestamp` checks. Its
 * groups let `clickInstant` check the calendar, which a pattern cannot (30 February).
 */
export const TIMESTAMP_PATTERN = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?(?:Z|([+-])(\d\d):(\d\d))$/;

/** No click predates the protocol: an earlier `votedAt` is a broken clock or a forged one. */
export const EARLIEST_CLICK = Date.UTC(2000, 0, 1);

/**
 * How far ahead of the receiver's clock a `votedAt` may be and still count as sent: phones run a
 * few minutes fast. Beyond it the write counts at its receive time (see `countedClick`).
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Milliseconds since the epoch of a `Timestamp` that names a real instant from 2000 on, else NaN.
 * `Date.parse` is not enough: it rolls 30 February over into March and takes year 0.
 */
export function clickInstant(text: string): number {
  const m = TIMESTAMP_PATTERN.exec(text);
  if (!m) return NaN;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[4]!;
  const minute = +m[5]!;
  const second = m[6] === undefined ? 0 : +m[6];
  const offsetHours = m[9] === undefined ? 0 : +m[9];
  const offsetMinutes = m[10] === undefined ? 0 : +m[10];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  // Hour 24 and second 60 (a leap second) exist in some notations, but no clock sends them.
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return NaN;
  const millis = m[7] === undefined ? 0 : Math.floor(+`0${m[7]}` * 1000);
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  const instant = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset;
  return instant >= EARLIEST_CLICK ? instant : NaN;
}

/** Gregorian calendar; `month` 1–12. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The instant a write counts with: its `votedAt`, unless that is more than `CLOCK_SKEW_MS` after
 * `receivedAt`, then `receivedAt`. Clamped rather than refused: a fast phone's outbox takes a 4xx
 * as final and would lose the vote, while a clamped far-future `votedAt` can no longer lock the
 * vote against its owner's later clicks (the newest `votedAt` wins).
 */
export function countedClick(votedAt: number, receivedAt: number): number {
  return votedAt > receivedAt + CLOCK_SKEW_MS ? receivedAt : votedAt;
}
