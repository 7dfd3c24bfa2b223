/**
 * The admin import's JSON body, parsed without holding the event loop for the whole file. fastify's
 * parser reads a 7.8 MB file in one piece (JSON.parse, then two scans for `__proto__`: 60–250 ms
 * on this machine). Here the text is scanned, a slice per turn of the event loop, for the
 * top-level `"proposals": [ … ]` array and the commas between its elements; the rest of the
 * object, then every PARSE_BATCH proposals, go to JSON.parse, one turn each. Every byte is still
 * read by JSON.parse (the scan only chooses where to cut), so what it accepts is exactly JSON;
 * a text the scan does not recognise is parsed in one piece, as before. (Streaming JSON parsers
 * exist, but parse each character in JavaScript: several times slower than this in all.)
 *
 * JSON.parse makes a `__proto__` key an own property, never a prototype; the import file's strict
 * schema then refuses it as an unknown field.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpError } from './errors.js';

/** Proposals per JSON.parse (about 200 KB). */
const PARSE_BATCH = 1000;
/** Characters scanned per turn of the event loop. */
const SCAN_SLICE = 1 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]

const notJson = () => new HttpError('invalid_request', 'The request body is not valid JSON.');

/** Where the top-level proposals array is: `[` at `open`, `]` at `close`, element separators at `commas`. */
interface Layout {
  open: number;
  close: number;
  commas: number[];
}

/** The body's bytes as text, a slice per turn (as fastify decodes: bad bytes become U+FFFD, a BOM stays). */
export async function decodeInSlices(body: Buffer): Promise<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let text = '';
  for (let at = 0; at < body.length; at += SCAN_SLICE) {
    if (at > 0) await nextTurn();
    text += decoder.decode(body.subarray(at, at + SCAN_SLICE), { stream: true });
  }
  return text + decoder.decode();
}

export async function parseImportBody(text: string): Promise<unknown> {
  const layout = await scan(text);
  try {
    if (!layout) return JSON.parse(text);
    const head: unknown = JSON.parse(`${text.slice(0, layout.open)}[]${text.slice(layout.close + 1)}`);
    if (typeof head !== 'object' || head === null || Array.isArray(head)) throw notJson();
    const content = text.slice(layout.open + 1, layout.close);
    if (content.trim() === '') return { ...head, proposals: [] };
    const starts = [layout.open + 1, ...layout.commas.map((c) => c + 1)];
    const ends = [...layout.commas, layout.close];
    const proposals: unknown[] = [];
    for (let i = 0; i < starts.length; i += PARSE_BATCH) {
      await nextTurn();
      const last = Math.min(i + PARSE_BATCH, starts.length) - 1;
      // A batch never starts or ends with an empty element, which `[1,]` or `[,1]` would need.
      if (text.slice(starts[i], ends[i]).trim() === '' || text.slice(starts[last], ends[last]).trim() === '') throw notJson();
      proposals.push(...(JSON.parse(`[${text.slice(starts[i], ends[last])}]`) as unknown[]));
    }
    return { ...head, proposals };
  } catch (error) {
    throw error instanceof HttpError ? error : notJson();
  }
}

/**
 * The layout of `{ …, "proposals": [ … ], … }`, or null for anything else (another top-level
 * value, a key written with escapes, `proposals` twice): then the caller parses in one piece.
 */
async function scan(text: string): Promise<Layout | null> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let keyStart = -1;
  let lastKey = '';
  let afterColon = false;
  let layout: Layout | null = null;
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    if (i > 0 && i % SCAN_SLICE === 0) await nextTurn();
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === BACKSLASH) escaped = true;
      else if (c === QUOTE) {
        inString = false;
        if (depth === 1 && keyStart >= 0 && !afterColon) lastKey = text.slice(keyStart, i);
        keyStart = -1;
      }
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      if (depth === 1 && !afterColon) keyStart = i + 1;
    } else if (OPEN.has(c)) {
      if (depth === 0 && c !== 0x7b) return null;
      if (depth === 1 && afterColon && c === 0x5b && lastKey === 'proposals') {
        found++;
        layout = { open: i, close: -1, commas: [] };
      }
      depth++;
      afterColon = false;
    } else if (CLOSE.has(c)) {
      depth--;
      if (depth === 1 && layout && layout.close < 0) layout.close = i;
      if (depth < 0) return null;
    } else if (c === COLON && depth === 1) {
      afterColon = true;
    } else if (c === COMMA) {
      if (depth === 1) afterColon = false;
      else if (depth === 2 && layout && layout.close < 0) layout.commas.push(i);
    }
  }
  return found === 1 && layout && layout.close > 0 && !inString && depth === 0 ? layout : null;
}
