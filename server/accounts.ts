/**
 * Operator accounts (issue 12), as the CLI (`consult-server user …`) and the admin API
 * (http/accounts-routes.ts) both use them: adding an operator with a password or an invitation,
 * and what the console shows of one. Secrets leave here once, to the caller, and are stored only
 * hashed (storage/account-tables.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AdminOperator, OperatorRole } from 'consult-widgets/protocol/admin';
import { DEFAULT_SCRYPT_COST, hashPassword, type ScryptCost } from './security/passwords.js';
import type { OperatorRow } from './storage/account-tables.js';
import type { Storage } from './storage/storage.js';

/** An invitation link works this long (docs/decisions.md "Issue 12: accounts and sessions"). */
export const INVITATION_MS = 72 * 3_600_000;

/** 32 random bytes, base64url (43 characters): session ids and invitation tokens. */
export const newSecret = () => randomBytes(32).toString('base64url');
/** What the database keeps of a session id or an invitation token. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('base64url');

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function adminOperator(row: OperatorRow): AdminOperator {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: iso(row.createdAt)!,
    disabledAt: iso(row.disabledAt),
    passwordSet: row.passwordHash !== null,
    invitationExpiresAt: row.disabledAt === null ? iso(row.invitationExpiresAt) : null,
  };
}

/** The console's address for an invitation: the token rides in the fragment, which no request carries. */
export const invitationUrl = (base: string, token: string) => `${base.replace(/\/+$/, '')}/admin/#invite=${token}`;

export interface AddedOperator {
  operator: OperatorRow;
  /** Present when invited: the token to hand over (once) and when it expires. */
  invitation: { token: string; expiresAt: number } | null;
}

/**
 * Adds an operator (or brings back a removed one) with `password`, or, without one, with an
 * invitation. `exists` when an active operator has the email already.
 */
export async function addOperator(
  storage: Storage,
  { email, role, password }: { email: string; role: OperatorRole; password?: string | undefined },
  now: number,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<AddedOperator | 'exists'> {
  // Checked first so an existing email costs no hash; addOperator checks again, atomically.
  const existing = await storage.accounts.operatorByEmail(email);
  if (existing && existing.disabledAt === null) return 'exists';
  const passwordHash = password === undefined ? null : await hashPassword(password, cost);
  const operator = await storage.accounts.addOperator({ id: `op_${randomBytes(16).toString('base64url').slice(0, 22)}`, email, role, passwordHash, createdAt: now });
  if (operator === 'exists') return 'exists';
  if (password !== undefined) return { operator, invitation: null };
  const token = newSecret();
  const expiresAt = now + INVITATION_MS;
  await storage.accounts.addInvitation(secretHash(token), operator.id, expiresAt);
  return { operator: { ...operator, invitationExpiresAt: expiresAt }, invitation: { token, expiresAt } };
}

/** An admin who can sign in: not removed, and with a password (an invitation not yet taken opens nothing). */
export const signsInAsAdmin = (o: Pick<OperatorRow, 'role' | 'disabledAt' | 'passwordHash'>) => o.role === 'admin' && o.disabledAt === null && o.passwordHash !== null;

/**
 * Admins who can sign in: the HTTP API never removes or demotes the last one (the CLI may: it is the
 * way back in). An admin invited but not yet in does not count: they may never take the link.
 */
export async function activeAdmins(storage: Storage): Promise<number> {
  return (await storage.accounts.listOperators()).filter(signsInAsAdmin).length;
}
