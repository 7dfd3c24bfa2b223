// @ts-check
/**
 * The proposal texts of issue 9 and their expected fate, shared by the pure-rule tests
 * (test/protocol/text.test.mjs), the server's table on both databases (test/server/text.test.mjs)
 * and the widget's (test/components/propose/propose.text.test.ts): one table, so the three agree.
 *
 * The consultation: no fixed start, 12–140 characters (Make.org's). `problem` is what
 * `checkProposalText` finds (null: accepted, stored as `stored`, counted `length`); `status` the
 * server's answer; `duplicateOf: true` that the admin API flags it as a copy of ORIGINAL.
 */
export const TEXT_RULES = { min: 12, max: 140, prefix: null };

/** The accepted proposal the look-alike copies imitate. */
export const ORIGINAL = 'We should build safe bike lanes everywhere';

const marks = (word, n) => [...word].map((c) => c + '\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307'.slice(0, n)).join('');

export const TEXT_CASES = [
  // Invisible on their own: nothing is left once they are removed, so no letter.
  { name: '12 × U+200B zero-width space', content: '\u200B'.repeat(12), problem: 'noLetter', status: 422, length: 0 },
  { name: '12 × U+200D zero-width joiner', content: '\u200D'.repeat(12), problem: 'noLetter', status: 422, length: 0 },
  { name: '12 × U+202E right-to-left override', content: '\u202E'.repeat(12), problem: 'noLetter', status: 422, length: 0 },
  { name: '12 × U+3164 Hangul filler', content: '\u3164'.repeat(12), problem: 'noLetter', status: 422, length: 0 },
  { name: '12 × U+2800 braille blank', content: '\u2800'.repeat(12), problem: 'noLetter', status: 422, length: 0 },
  { name: 'fillers of every kind mixed', content: '\u115F\u1160\uFFA0\u2060\uFEFF\u034F\uFE0F\u00AD\u180E\u2066\u2069\u200E', problem: 'noLetter', status: 422, length: 0 },
  { name: 'a short idea padded to 12 with zero-width spaces', content: `Bike lanes${'\u200B'.repeat(12)}`, problem: 'tooShort', status: 422, length: 10 },
  // Bidi controls are removed and the rest is kept.
  {
    name: 'bidi override and pop inside a text',
    content: 'We should \u202Ebuild bike lanes\u202C now',
    problem: null,
    status: 201,
    stored: 'We should build bike lanes now',
    length: 30,
  },
  {
    name: 'bidi isolates, marks and the Arabic letter mark',
    content: '\u2067\u200FWe should fund libraries\u2069\u061C\u200E',
    problem: null,
    status: 201,
    stored: 'We should fund libraries',
    length: 24,
  },
  // Zalgo: more than four marks on one character.
  { name: 'zalgo (8 marks on every letter)', content: `We should fund ${marks('parks', 8)}`, problem: 'marks', status: 422 },
  { name: 'zalgo hidden by joiners between the marks', content: `We should fund pa${'\u0301\u200D'.repeat(6)}rks`, problem: 'marks', status: 422 },
  { name: 'five marks on one letter', content: `We should fund ${marks('p', 5)}arks`, problem: 'marks', status: 422 },
  { name: 'four marks on one letter are fine', content: `We should fund ${marks('p', 4)}arks`, problem: null, status: 201, length: 24 },
  // Control characters.
  { name: 'ANSI escapes (ESC)', content: '\u001B[31mWe should paint it red\u001B[0m', problem: 'control', status: 422 },
  { name: 'NUL', content: 'We should \u0000 build a cable car', problem: 'control', status: 422 },
  { name: 'C1 control U+0085', content: 'We should\u0085 plant more trees', problem: 'control', status: 422 },
  { name: 'DEL', content: 'We should plant\u007F more trees', problem: 'control', status: 422 },
  { name: 'tab and line break are fine', content: 'We should\tplant trees\nalong the river', problem: null, status: 201, stored: 'We should\tplant trees\nalong the river', length: 37 },
  // Lone surrogates: a malformed request.
  { name: 'lone high surrogate', content: 'We should plant trees \uD800', problem: 'surrogate', status: 400 },
  { name: 'lone low surrogate', content: '\uDC00We should plant trees', problem: 'surrogate', status: 400 },
  // Counting: characters as people count them.
  { name: 'é typed as e + accent counts one (NFC)', content: 'We should open a cafe\u0301 here', problem: null, status: 201, stored: 'We should open a café here', length: 26 },
  { name: 'an emoji ZWJ family counts three', content: 'We should welcome 👨‍👩‍👧 here', problem: null, status: 201, stored: 'We should welcome 👨‍👩‍👧 here', length: 26 },
  { name: 'a heart with its presentation selector counts one', content: 'We should ❤️ our parks', problem: null, status: 201, stored: 'We should ❤️ our parks', length: 21 },
  { name: 'a Persian zero-width non-joiner inside a word is kept', content: 'می‌خواهیم پارک بیشتر', problem: null, status: 201, stored: 'می‌خواهیم پارک بیشتر', length: 19 },
  { name: 'numbers only', content: '2030 2040 2050 2060', problem: 'noLetter', status: 422 },
  { name: 'emoji only', content: '🚲'.repeat(12), problem: 'noLetter', status: 422 },
  { name: '141 characters once cleaned', content: `We should ${'x'.repeat(131)}`, problem: 'tooLong', status: 422, length: 141 },
  { name: '140 characters and 20 invisible ones', content: `We should ${'x'.repeat(130)}${'\u200B'.repeat(20)}`, problem: null, status: 201, length: 140 },
  // Near-duplicates of ORIGINAL: kept, flagged to moderators.
  {
    name: 'Cyrillic look-alike copy (е, ѕ, а, і)',
    content: 'W\u0435 \u0455hould bu\u0456ld \u0455afe bike l\u0430nes everywhere',
    problem: null,
    status: 201,
    length: 42,
    duplicateOf: true,
  },
  { name: 'copy in capitals with a full stop', content: `${ORIGINAL.toUpperCase()}.`, problem: null, status: 201, length: 43, duplicateOf: true },
  { name: 'copy with zero-width spaces inside words', content: 'We sh\u200Bould build sa\u200Dfe bike lanes everywhere', problem: null, status: 201, stored: ORIGINAL, length: 42, duplicateOf: true },
  { name: 'a different idea is no duplicate', content: 'We should build safe bike lanes downtown', problem: null, status: 201, length: 40 },
];
