/** Importing a consultation file into PostgreSQL: one transaction, one import at a time per schema. */
import type { PoolClient } from 'pg';
import type { ImportFile } from 'consult-widgets/protocol/admin';
import { IMPORT_LOCK } from './postgres-schema.js';
import { checkImport, configToStore, IMPORT_STATUS_SQL, type ConsultationRow } from './shared.js';
import type { Outcome } from './storage.js';

/** Proposals per INSERT while importing. */
const IMPORT_CHUNK = 1000;

/**
 * Creates or updates the consultation and its proposals, inside the caller's transaction `c`;
 * `lockKey` is the schema's advisory lock key. Locks follow the order at the top of postgres.ts.
 */
export async function importConsultation(
  c: PoolClient,
  lockKey: number,
  file: ImportFile,
  now: string,
): Promise<Outcome<{ created: boolean; proposals: number }>> {
  // Imports run one at a time per schema: two files claiming the same new proposal id must not both pass checkImport.
  await c.query('SELECT pg_advisory_xact_lock($1, $2)', [IMPORT_LOCK, lockKey]);
  const ids = file.proposals.map((p) => p.id);
  // The ids go as one JSON text: JSON.stringify is native, pg's text[] quoting of 39,000 ids is not.
  const idList = JSON.stringify(ids);
  const elsewhere = await c.query<{ id: string }>(
    'SELECT id FROM proposals WHERE consultation_id <> $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))',
    [file.consultation.id, idList],
  );
  const position = new Map(ids.map((id, i) => [id, i]));
  const elsewhereIds = elsewhere.rows.map((r) => r.id).sort((a, b) => position.get(a)! - position.get(b)!);
  const problem = checkImport(file, elsewhereIds);
  if (problem) return problem;
  const { id, status } = file.consultation;
  const existing = await c.query<ConsultationRow>('SELECT id, config, status FROM consultations WHERE id = $1', [id]);
  await c.query(
    `INSERT INTO consultations (id, config, status, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET config = excluded.config, status = excluded.status`,
    [id, configToStore(file.consultation, existing.rows[0]), status, now],
  );
  // Then proposal rows in seq order, before the upsert touches them in file order (lock order at the top of postgres.ts).
  await c.query('SELECT 1 FROM proposals WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY seq FOR NO KEY UPDATE', [idList]);
  for (let start = 0; start < file.proposals.length; start += IMPORT_CHUNK) {
    const chunk = file.proposals.slice(start, start + IMPORT_CHUNK);
    // ORDER BY n: new proposals get their seq in file order, as SQLite gives them.
    await c.query(
      `INSERT INTO proposals (id, consultation_id, content, theme_id, author, status, created_at)
       SELECT id, $2::text, content, theme_id, author, status, $7::text
         FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
              AS t(id, content, theme_id, author, status, n)
        ORDER BY n
       ON CONFLICT (id) DO UPDATE SET content = excluded.content, theme_id = excluded.theme_id,
         author = excluded.author, status = ${IMPORT_STATUS_SQL}`,
      [
        chunk.map((p) => p.id),
        id,
        chunk.map((p) => p.content),
        chunk.map((p) => p.themeId ?? null),
        chunk.map((p) => (p.author ? JSON.stringify(p.author) : null)),
        chunk.map((p) => p.status),
        now,
      ],
    );
  }
  return { created: existing.rowCount === 0, proposals: file.proposals.length };
}
