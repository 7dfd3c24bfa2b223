/** Import files (`consult-server import <file.json>`, `POST /admin/consultations`, `npm start`). */
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import { ImportFile } from '../src/protocol/admin.js';
import { describeIssue } from '../src/protocol/index.js';
import { isRefusal, type Storage } from './storage/storage.js';

/** Check an import file (defaults filled in); the error names the source and the first problem, e.g. an unknown field. */
export function parseImportFile(value: unknown, source = 'import file'): ImportFile {
  const parsed = z.safeParse(ImportFile, value);
  if (!parsed.success) throw new Error(`${source}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
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
  const checked = parseImportFile(file);
  const outcome = await storage.importConsultation(checked, new Date().toISOString());
  if (isRefusal(outcome)) throw new Error(outcome.message);
  return outcome;
}
