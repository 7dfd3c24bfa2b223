/**
 * Operator accounts of the admin API (issue 12): login, sessions, invitations and the "Operators"
 * view of the console. The server parses requests with these and the console reads answers with
 * them; the rules (email normalisation, password length) live here only.
 */
import * as z from 'zod/mini';
import { Id, Timestamp } from './schemas.js';

/** `admin`: everything; `moderator`: moderation and reading. */
export const OperatorRole = z.enum(['admin', 'moderator']);
export type OperatorRole = z.output<typeof OperatorRole>;

/**
 * An operator's email, normalised (Unicode NFC, trimmed, lower case) so one person has one
 * account whatever the spelling; at most 254 characters (RFC 5321's path limit), no spaces or
 * control characters. Not checked further: the address is a login name, never written to.
 */
export const OperatorEmail = /*#__PURE__*/ z
  .string()
  .check(
    z.maxLength(1000),
    z.normalize('NFC'),
    z.trim(),
    z.toLowerCase(),
    z.maxLength(254),
    // No control, format (bidi overrides, zero-width) or lone surrogate characters: two accounts must not look alike.
    z.regex(/^[^\s@\p{Cc}\p{Cf}\p{Cs}]+@[^\s@\p{Cc}\p{Cf}\p{Cs}]+\.[^\s@\p{Cc}\p{Cf}\p{Cs}]+$/u, 'Expected an email address like ana@example.org'),
  );

/** Password length bounds in characters: the upper one keeps huge bodies away from scrypt. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Lone surrogates are not text (no keyboard types one; UTF-8 cannot carry one to scrypt intact). */
const WHOLE_TEXT = /^[^\p{Cs}]*$/u;

/** A new password: 12 to 256 characters, any of them (NIST SP 800-63B: length, no composition rules). */
export const NewPassword = /*#__PURE__*/ z
  .string()
  .check(z.minLength(PASSWORD_MIN_LENGTH), z.maxLength(PASSWORD_MAX_LENGTH), z.regex(WHOLE_TEXT, 'No lone surrogates'));

/** `POST /admin/session`. The password is only bounded: an old, shorter one still logs in. */
export const LoginRequest = z.strictObject({
  email: OperatorEmail,
  password: z.string().check(z.minLength(1), z.maxLength(PASSWORD_MAX_LENGTH), z.regex(WHOLE_TEXT, 'No lone surrogates')),
});
export type LoginRequest = z.output<typeof LoginRequest>;

/** Who acts: an operator account, or the bearer admin token (`id` and `name` `admin-token`). */
export const SessionOperator = z.object({ id: z.string(), name: z.string(), role: OperatorRole });

/** `GET /admin/session` (and the answer of a login): who is logged in, through what, until when. */
export const AdminSession = z.object({
  operator: SessionOperator,
  via: z.enum(['session', 'token']),
  /** When the session ends if unused (idle expiry), and at the latest (absolute); null for the token. */
  idleExpiresAt: z.nullable(Timestamp),
  expiresAt: z.nullable(Timestamp),
});
export type AdminSession = z.output<typeof AdminSession>;

/** Operator ids: `op_` then 22 base64url characters. */
export const OperatorId = /*#__PURE__*/ z.string().check(z.regex(/^op_[A-Za-z0-9_-]{22}$/, 'Expected an operator id (op_ and 22 letters, digits, - or _)'));

/** One operator in the console's "Operators" view. */
export const AdminOperator = z.object({
  id: Id,
  email: z.string(),
  role: OperatorRole,
  createdAt: Timestamp,
  /** Set once removed: a removed operator keeps their id in the decisions they made. */
  disabledAt: z.nullable(Timestamp),
  /** False until an invited operator chooses a password. */
  passwordSet: z.boolean(),
  /** The open invitation's expiry, if any. */
  invitationExpiresAt: z.nullable(Timestamp),
});
export type AdminOperator = z.output<typeof AdminOperator>;

export const OperatorList = z.object({ operators: z.array(AdminOperator) });

/** `POST /admin/operators`: with a password, the account is ready; without, an invitation is made. */
export const CreateOperatorRequest = z.strictObject({ email: OperatorEmail, role: OperatorRole, password: z.optional(NewPassword) });
export type CreateOperatorRequest = z.output<typeof CreateOperatorRequest>;

/** The link to hand to an invited operator (once: only its hash is stored). */
export const Invitation = z.object({ url: z.string(), expiresAt: Timestamp });
export const CreatedOperator = z.object({ operator: AdminOperator, invitation: z.nullable(Invitation) });
export type CreatedOperator = z.output<typeof CreatedOperator>;

/** `PUT /admin/operators/{id}/role`. */
export const RoleRequest = z.strictObject({ role: OperatorRole });

/** Invitation and session tokens: 32 random bytes in base64url. */
export const InvitationToken = /*#__PURE__*/ z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'Expected an invitation token'));

/** `POST /admin/invitations/{token}`. */
export const AcceptInvitationRequest = z.strictObject({ password: NewPassword });
