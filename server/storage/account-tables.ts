/**
 * Operator accounts (issue 12), shared by every server process on the database: operators,
 * their sessions, invitations and the login limits. Secrets are never stored: a password as its
 * scrypt hash (security/passwords.ts), a session id and an invitation token as their SHA-256,
 * a login limit's key (an address, an email) as a keyed hash. Times are the caller's `now`
 * (epoch ms, simulated in tests), never the database clock. A removed operator is disabled, not
 * deleted: decisions keep naming them.
 */
import type Database from 'better-sqlite3';
import { sqliteWindowTake, type WindowTake } from './issuance-tables.js';

/** Migration 6 (issue 12), the same SQL in both databases (SQLite reads BIGINT as INTEGER). */
export const MIGRATION_6 = `CREATE TABLE operators (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'moderator')),
  password_hash TEXT,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT
);
CREATE TABLE operator_sessions (
  id_hash TEXT PRIMARY KEY,
  operator_id TEXT NOT NULL REFERENCES operators(id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);
CREATE INDEX operator_sessions_by_operator ON operator_sessions (operator_id);
CREATE TABLE operator_invitations (token_hash TEXT PRIMARY KEY, operator_id TEXT NOT NULL REFERENCES operators(id), expires_at BIGINT NOT NULL);
CREATE INDEX operator_invitations_by_operator ON operator_invitations (operator_id);
CREATE TABLE login_attempts (
  key_hash TEXT PRIMARY KEY,
  counts TEXT NOT NULL,
  last_slice BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX login_attempts_by_age ON login_attempts (updated_at);`;

export type Role = 'admin' | 'moderator';

export interface OperatorRow {
  id: string;
  email: string;
  role: Role;
  /** Null until an invited operator chooses a password. */
  passwordHash: string | null;
  createdAt: number;
  disabledAt: number | null;
  /** The latest open invitation's expiry. */
  invitationExpiresAt: number | null;
}

export interface SessionRow {
  operator: OperatorRow;
  createdAt: number;
  lastSeenAt: number;
}

export interface NewOperator {
  id: string;
  email: string;
  role: Role;
  passwordHash: string | null;
  createdAt: number;
}

/** Where a storage keeps operator accounts (Storage.accounts). */
export interface AccountTables {
  operatorByEmail(email: string): Promise<OperatorRow | null>;
  operatorById(id: string): Promise<OperatorRow | null>;
  /** Every operator, removed ones included, oldest first. */
  listOperators(): Promise<OperatorRow[]>;
  /**
   * Adds an operator, or brings back a removed one with that email (their id kept, the new role
   * and password, the old invitations gone); `exists` when an active operator has it.
   */
  addOperator(operator: NewOperator): Promise<OperatorRow | 'exists'>;
  setRole(id: string, role: Role): Promise<boolean>;
  /** Disables the operator and deletes their sessions and invitations: false when none is active. */
  disableOperator(id: string, at: number): Promise<boolean>;
  addInvitation(tokenHash: string, operatorId: string, expiresAt: number): Promise<void>;
  /**
   * Uses an invitation once: deletes it and, when it was open at `now` and its operator active,
   * sets their password and answers them; otherwise null. Two uses at once: one wins.
   */
  useInvitation(tokenHash: string, now: number, passwordHash: string): Promise<OperatorRow | null>;
  addSession(idHash: string, operatorId: string, now: number): Promise<void>;
  session(idHash: string): Promise<SessionRow | null>;
  touchSession(idHash: string, now: number): Promise<void>;
  deleteSession(idHash: string): Promise<void>;
  /** Deletes sessions idle since before `idleBefore` or created before `createdBefore`. */
  sweepSessions(idleBefore: number, createdBefore: number): Promise<void>;
  /** One login attempt against a sliding window (issuance-tables.ts): 0 when allowed, else ms to wait. */
  takeLoginAttempt: WindowTake;
}

/** The operator columns, with the open invitation's expiry, for both databases. */
export const OPERATOR_SELECT = `SELECT o.id, o.email, o.role, o.password_hash, o.created_at, o.disabled_at,
  (SELECT MAX(i.expires_at) FROM operator_invitations i WHERE i.operator_id = o.id) AS invitation_expires_at
  FROM operators o`;

export interface OperatorDbRow {
  id: string;
  email: string;
  role: Role;
  password_hash: string | null;
  created_at: number | string;
  disabled_at: number | string | null;
  invitation_expires_at: number | string | null;
}

const orNull = (value: number | string | null) => (value === null ? null : Number(value));

export const operatorOfRow = (row: OperatorDbRow): OperatorRow => ({
  id: row.id,
  email: row.email,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: Number(row.created_at),
  disabledAt: orNull(row.disabled_at),
  invitationExpiresAt: orNull(row.invitation_expires_at),
});

/** SQLite: writes go through the storage's write queue; reads are direct. */
export function sqliteAccountTables(db: Database.Database, write: <T>(apply: () => T) => Promise<T>): AccountTables {
  const byEmail = db.prepare<[string], OperatorDbRow>(`${OPERATOR_SELECT} WHERE o.email = ?`);
  const byId = db.prepare<[string], OperatorDbRow>(`${OPERATOR_SELECT} WHERE o.id = ?`);
  const all = db.prepare<[], OperatorDbRow>(`${OPERATOR_SELECT} ORDER BY o.created_at, o.id`);
  const insert = db.prepare('INSERT INTO operators (id, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const revive = db.prepare('UPDATE operators SET role = ?, password_hash = ?, disabled_at = NULL WHERE id = ?');
  const role = db.prepare('UPDATE operators SET role = ? WHERE id = ? AND disabled_at IS NULL');
  const disable = db.prepare('UPDATE operators SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL');
  const endSessions = db.prepare('DELETE FROM operator_sessions WHERE operator_id = ?');
  const endInvitations = db.prepare('DELETE FROM operator_invitations WHERE operator_id = ?');
  const invite = db.prepare('INSERT INTO operator_invitations (token_hash, operator_id, expires_at) VALUES (?, ?, ?)');
  const invitation = db.prepare<[string], { operator_id: string; expires_at: number }>('SELECT operator_id, expires_at FROM operator_invitations WHERE token_hash = ?');
  const useInvitation = db.prepare('DELETE FROM operator_invitations WHERE token_hash = ?');
  const setPassword = db.prepare('UPDATE operators SET password_hash = ? WHERE id = ?');
  const addSession = db.prepare('INSERT INTO operator_sessions (id_hash, operator_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)');
  const session = db.prepare<[string], { operator_id: string; created_at: number; last_seen_at: number }>(
    'SELECT operator_id, created_at, last_seen_at FROM operator_sessions WHERE id_hash = ?',
  );
  const touch = db.prepare('UPDATE operator_sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id_hash = ?');
  const endSession = db.prepare('DELETE FROM operator_sessions WHERE id_hash = ?');
  const sweep = db.prepare('DELETE FROM operator_sessions WHERE last_seen_at < ? OR created_at < ?');
  const one = (row: OperatorDbRow | undefined) => (row ? operatorOfRow(row) : null);

  return {
    operatorByEmail: async (email) => one(byEmail.get(email)),
    operatorById: async (id) => one(byId.get(id)),
    listOperators: async () => all.all().map(operatorOfRow),
    addOperator: (o) =>
      write(() => {
        const existing = one(byEmail.get(o.email));
        if (existing && existing.disabledAt === null) return 'exists' as const;
        if (existing) {
          endInvitations.run(existing.id);
          revive.run(o.role, o.passwordHash, existing.id);
          return one(byId.get(existing.id))!;
        }
        insert.run(o.id, o.email, o.role, o.passwordHash, o.createdAt);
        return one(byId.get(o.id))!;
      }),
    setRole: (id, r) => write(() => role.run(r, id).changes === 1),
    disableOperator: (id, at) =>
      write(() => {
        if (disable.run(at, id).changes === 0) return false;
        endSessions.run(id);
        endInvitations.run(id);
        return true;
      }),
    addInvitation: (tokenHash, operatorId, expiresAt) => write(() => void invite.run(tokenHash, operatorId, expiresAt)),
    useInvitation: (tokenHash, now, passwordHash) =>
      write(() => {
        const found = invitation.get(tokenHash);
        if (!found) return null;
        useInvitation.run(tokenHash);
        const operator = one(byId.get(found.operator_id));
        if (found.expires_at <= now || !operator || operator.disabledAt !== null) return null;
        setPassword.run(passwordHash, operator.id);
        return { ...operator, passwordHash };
      }),
    addSession: (idHash, operatorId, now) => write(() => void addSession.run(idHash, operatorId, now, now)),
    async session(idHash) {
      const row = session.get(idHash);
      const operator = row ? one(byId.get(row.operator_id)) : null;
      return row && operator ? { operator, createdAt: row.created_at, lastSeenAt: row.last_seen_at } : null;
    },
    touchSession: (idHash, now) => write(() => void touch.run(now, idHash)),
    deleteSession: (idHash) => write(() => void endSession.run(idHash)),
    sweepSessions: (idleBefore, createdBefore) => write(() => void sweep.run(idleBefore, createdBefore)),
    takeLoginAttempt: sqliteWindowTake(db, write, 'login_attempts', 'key_hash'),
  };
}
