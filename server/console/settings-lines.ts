/**
 * Bulk proposals (settings-bulk.ts): the server adds every line or none, and names each refused
 * line by the line where its record starts. To add the others, the console sends the text again
 * without the refused records, found with the server's own CSV reader (server/http/csv.ts), so a
 * quoted text over several lines leaves as a whole. Each line kept remembers its original number.
 */
import { parseCsv } from '../http/csv.js';

export interface LeftOut {
  /** The text without the refused records, line breaks as they were. */
  kept: string;
  /** For each line of `kept` (1-based: `lines[n - 1]`), its number in the original text. */
  lines: number[];
  /** The refused records' lines, line breaks as they were. */
  removed: string;
}

/** The physical lines of a text with their line breaks (CRLF, LF or a lone CR, as csv.ts counts them). */
function physicalLines(text: string): string[] {
  const parts = text.split(/(\r\n|\n|\r)/);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 2) lines.push(parts[i]! + (parts[i + 1] ?? ''));
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `text` without the records that start on the `refused` lines (each up to the next record). */
export function leaveOut(text: string, refused: ReadonlySet<number>): LeftOut {
  const physical = physicalLines(text);
  const starts = parseCsv(text).map((r) => r.line);
  const out = new Uint8Array(physical.length + 2);
  starts.forEach((start, i) => {
    if (!refused.has(start)) return;
    const end = (starts[i + 1] ?? physical.length + 1) - 1;
    for (let line = start; line <= end; line++) out[line] = 1;
  });
  const kept: string[] = [];
  const removed: string[] = [];
  const lines: number[] = [];
  physical.forEach((line, i) => {
    if (out[i + 1]) removed.push(line);
    else {
      kept.push(line);
      lines.push(i + 1);
    }
  });
  return { kept: kept.join(''), lines, removed: removed.join('') };
}

/** How many lines a text has, for the progress message (no CSV parsing). */
export function lineCount(text: string): number {
  const breaks = text.match(/\r\n|\n|\r/g)?.length ?? 0;
  return text.length && !/[\r\n]$/.test(text) ? breaks + 1 : breaks;
}
