// @ts-check
/** Click times every backend must refuse (issue 9): shared by dates.test.mjs and the hostile-request table. */

/** Strings the Timestamp pattern lets through that are no instant, or one before 2000. */
export const IMPOSSIBLE_DATES = [
  ['30 February', '2026-02-30T10:00:00Z'],
  ['29 February of a common year', '2025-02-29T10:00:00Z'],
  ['31 April', '2026-04-31T10:00:00Z'],
  ['month 13', '2026-13-01T10:00:00Z'],
  ['month 00', '2026-00-10T10:00:00Z'],
  ['day 00', '2026-03-00T10:00:00Z'],
  ['hour 24', '2026-03-02T24:00:00Z'],
  ['minute 60', '2026-03-02T10:60:00Z'],
  ['second 60', '2026-03-02T23:59:60Z'],
  ['offset +24:00', '2026-03-02T10:00:00+24:00'],
  ['offset minutes 60', '2026-03-02T10:00:00+01:60'],
  ['year 0000', '0000-01-01T00:00:00Z'],
  ['year 1999', '1999-12-31T23:59:59Z'],
  ['1999 in UTC, written in 2000 at +01:00', '2000-01-01T00:30:00+01:00'],
];
