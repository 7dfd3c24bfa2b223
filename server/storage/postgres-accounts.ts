/** PostgreSQL's operator accounts (account-tables.ts): several processes share every row. */
import type { Pool } from 'pg';
import { OPERATOR_SELECT, operatorOfRow, type AccountTables, type OperatorDbRow } from './account-tables.js';
import { postgresWindowTake } from './issuance-tables.js';
import { inTransaction } from './postgres-transaction.js';

export function postgresAccountTables(pool: Pool): AccountTables {
  const one = async (where: string, value: string) => {
    const { rows } = await pool.query<OperatorDbRow>(`${OPERATOR_SELECT} WHERE ${where} = $1`, [value]);
    return rows[0] ? operatorOfRow(rows[0]) : null;
  };
  return {
    operatorByEmail: (email) => one('o.email', email),
    operatorById: (id) => one('o.id', id),
    async listOperators() {
      return (await pool.query<OperatorDbRow>(`${OPERATOR_SELECT} ORDER BY o.created_at, o.id`)).rows.map(operatorOfRow);
    },
    async addOperator(o) {
      const id = await inTransaction(pool, async (c) => {
        // The email's row, locked: two adds of one email at once take turns (the second sees the first).
        const inserted = await c.query<{ id: string }>(
          'INSERT INTO operators (id, email, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING id',
          [o.id, o.email, o.role, o.passwordHash, o.createdAt],
        );
        if (inserted.rows[0]) return inserted.rows[0].id;
        const { rows } = await c.query<{ id: string; disabled_at: string | null }>('SELECT id, disabled_at FROM operators WHERE email = $1 FOR UPDATE', [o.email]);
        const existing = rows[0]!;
        if (existing.disabled_at === null) return null;
        await c.query('DELETE FROM operator_invitations WHERE operator_id = $1', [existing.id]);
        await c.query('UPDATE operators SET role = $1, password_hash = $2, disabled_at = NULL WHERE id = $3', [o.role, o.passwordHash, existing.id]);
        return existing.id;
      });
      return id === null ? 'exists' : (await one('o.id', id))!;
    },
    async setRole(id, role) {
      return (await pool.query('UPDATE operators SET role = $1 WHERE id = $2 AND disabled_at IS NULL', [role, id])).rowCount === 1;
    },
    disableOperator: (id, at) =>
      inTransaction(pool, async (c) => {
        if ((await c.query('UPDATE operators SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL', [at, id])).rowCount === 0) return false;
        await c.query('DELETE FROM operator_sessions WHERE operator_id = $1', [id]);
        await c.query('DELETE FROM operator_invitations WHERE operator_id = $1', [id]);
        return true;
      }),
    async addInvitation(tokenHash, operatorId, expiresAt) {
      await pool.query('INSERT INTO operator_invitations (token_hash, operator_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, operatorId, expiresAt]);
    },
    async useInvitation(tokenHash, now, passwordHash) {
      const id = await inTransaction(pool, async (c) => {
        // DELETE … RETURNING: of two uses at once, only one gets the row back.
        const { rows } = await c.query<{ operator_id: string; expires_at: string }>(
          'DELETE FROM operator_invitations WHERE token_hash = $1 RETURNING operator_id, expires_at',
          [tokenHash],
        );
        const found = rows[0];
        if (!found || Number(found.expires_at) <= now) return null;
        const set = await c.query('UPDATE operators SET password_hash = $1 WHERE id = $2 AND disabled_at IS NULL', [passwordHash, found.operator_id]);
        return set.rowCount === 1 ? found.operator_id : null;
      });
      return id === null ? null : one('o.id', id);
    },
    async addSession(idHash, operatorId, now) {
      await pool.query('INSERT INTO operator_sessions (id_hash, operator_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)', [idHash, operatorId, now]);
    },
    async session(idHash) {
      const { rows } = await pool.query<{ operator_id: string; created_at: string; last_seen_at: string }>(
        'SELECT operator_id, created_at, last_seen_at FROM operator_sessions WHERE id_hash = $1',
        [idHash],
      );
      const row = rows[0];
      const operator = row ? await one('o.id', row.operator_id) : null;
      return row && operator ? { operator, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at) } : null;
    },
    async touchSession(idHash, now) {
      await pool.query('UPDATE operator_sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id_hash = $2', [now, idHash]);
    },
    async deleteSession(idHash) {
      await pool.query('DELETE FROM operator_sessions WHERE id_hash = $1', [idHash]);
    },
    async sweepSessions(idleBefore, createdBefore) {
      await pool.query('DELETE FROM operator_sessions WHERE last_seen_at < $1 OR created_at < $2', [idleBefore, createdBefore]);
    },
    takeLoginAttempt: postgresWindowTake(pool, 'login_attempts', 'key_hash'),
  };
}
