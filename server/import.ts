/** Import files (`consult-server import <file.json>`, `POST /admin/consultations`, `npm start`). */
import { readFile } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as z from 'zod/mini';
import { ImportFile, ImportProposal } from 'consult-widgets/protocol/admin';
import { describeIssue } from 'consult-widgets/protocol';
import { isRefusal, type Storage } from './storage/storage.js';

/** Proposals checked per turn of the event loop (a few milliseconds each). */
const CHECK_BATCH = 1000;

/** Check an import file (defaults filled in); the error names the source and the first problem, e.g. an unknown field. */
export function parseImportFile(value: unknown, source = 'import file'): ImportFile {
  const parsed = z.safeParse(ImportFile, value);
  if (!parsed.success) throw new Error(`${source}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

/**
 * The same check as `parseImportFile`, the same answer and the same first problem, with the event
 * loop free every CHECK_BATCH proposals: 39,000 proposals in one go held it for 130–400 ms.
 * Resolves to the checked file, or to the problem (`"proposals.12.content": …`).
 */
export async function checkImportFileInBatches(value: unknown): Promise<{ file: ImportFile } | { problem: string }> {
  const proposals = typeof value === 'object' && value !== null ? (value as { proposals?: unknown }).proposals : undefined;
  if (!Array.isArray(proposals) || proposals.length <= CHECK_BATCH) {
    const parsed = z.safeParse(ImportFile, value);
    return parsed.success ? { file: parsed.data } : { problem: describeIssue(parsed.error) };
  }
  // Everything but the proposals (the consultation, unknown fields), then the proposals in batches.
  const head = z.safeParse(ImportFile, { ...(value as object), proposals: [] });
  if (!head.success) return { problem: describeIssue(head.error) };
  const checked: ImportProposal[] = [];
  for (let start = 0; start < proposals.length; start += CHECK_BATCH) {
    await nextTurn();
    const batch = z.safeParse(z.array(ImportProposal), proposals.slice(start, start + CHECK_BATCH));
    if (!batch.success) {
      // The issue's path as in the whole file: its index in the batch moved by the batch's start.
      const [issue] = batch.error.issues;
      const [index, ...rest] = issue!.path;
      const located = { ...batch.error, issues: [{ ...issue!, path: ['proposals', start + Number(index), ...rest] }] };
      return { problem: describeIssue(located as z.core.$ZodError) };
    }
    checked.push(...batch.data);
  }
  return { file: { ...head.data, proposals: checked } };
}

export async function readImportFile(path: string): Promise<ImportFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a readable JSON file (${(error as Error).message}).`);
  }
  return parseImportFile(json, path);
}

/** Create or update the consultation; resolves to what was done, throws with the reason otherwise. */
export async function importFile(storage: Storage, file: unknown): Promise<{ created: boolean; proposals: number }> {
  const checked = await checkImportFileInBatches(file);
  if ('problem' in checked) throw new Error(`import file: ${checked.problem}.`);
  const outcome = await storage.importConsultation(checked.file, new Date().toISOString());
  if (isRefusal(outcome)) throw new Error(outcome.message);
  return outcome;
}
