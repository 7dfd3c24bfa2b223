/**
 * Operators and sessions in the admin API (issue 12; docs/server.md "Operators and sessions"):
 * - `POST /admin/session` {email, password}: login (limited per email and per address), sets the
 *   session cookie; `GET /admin/session`: who is logged in; `DELETE /admin/session`: logout;
 * - `POST /admin/invitations/{token}` {password}: an invited operator chooses a password and is
 *   logged in (the token works once);
 * - for admins, the console's "Operators" view: `GET /admin/operators`, `POST /admin/operators`
 *   {email, role, password?}, `PUT /admin/operators/{id}/role` {role}, `DELETE /admin/operators/{id}`.
 * Authentication and CSRF are admin-auth.ts's hook. No secret is logged: request lines carry
 * neither bodies nor cookies, and invitation tokens in paths are redacted (security/log.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import {
  AcceptInvitationRequest,
  CreateOperatorRequest,
  InvitationToken,
  LoginRequest,
  OperatorId,
  RoleRequest,
  type AdminSession,
  type CreatedOperator,
} from 'consult-widgets/protocol/admin';
import { describeIssue } from 'consult-widgets/protocol';
import { activeAdmins, addOperator, signsInAsAdmin, adminOperator, invitationUrl, newSecret, secretHash } from '../accounts.js';
import type { OperatorRow } from '../storage/account-tables.js';
import { LoginLimiter, type LoginLimits } from '../security/login-limit.js';
import { hashPassword, verifyPassword, type ScryptCost } from '../security/passwords.js';
import type { ServerContext } from './context.js';
import { HttpError } from './errors.js';
import { ownOrigin, sessionEnds, setSessionCookie, type SessionTimes } from './admin-auth.js';
import { operatorOf, requireRole } from './operator.js';

export interface AccountSettings {
  session: SessionTimes;
  login: LoginLimits;
  scryptCost: ScryptCost;
  ipv6Prefix: number;
}

function parse<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new HttpError('invalid_request', `Invalid ${where}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

const iso = (ms: number) => new Date(ms).toISOString();
const limited = (seconds: number) =>
  new HttpError('rate_limited', `Too many login attempts: try again in ${seconds} s.`, { 'retry-after': String(seconds) });

/**
 * Claims on pending proposals (the moderation scope's `storage.releaseClaimsOf`) end with their
 * operator's session; a no-op until that storage method exists.
 */
async function releaseClaimsOfOperator(context: ServerContext, operatorId: string): Promise<void> {
  const storage = context.storage as { releaseClaimsOf?: (operatorId: string) => Promise<unknown> };
  await storage.releaseClaimsOf?.(operatorId);
}

export function registerAccountRoutes(app: FastifyInstance, context: ServerContext, settings: AccountSettings): void {
  const { storage, now } = context;
  const limiter = new LoginLimiter(storage, settings.login, settings.ipv6Prefix, now);

  const sessionAnswer = (request: FastifyRequest): AdminSession => {
    const operator = operatorOf(request);
    const session = request.adminSession;
    if (!session) return { operator, via: 'token', idleExpiresAt: null, expiresAt: null };
    const ends = sessionEnds(session, settings.session);
    return { operator, via: 'session', idleExpiresAt: iso(Math.min(ends.idle, ends.absolute)), expiresAt: iso(ends.absolute) };
  };

  /** A new session for the operator, its cookie on the reply. */
  async function logIn(request: FastifyRequest, reply: FastifyReply, operator: { id: string; email: string; role: 'admin' | 'moderator' }) {
    const id = newSecret();
    const at = now();
    await storage.accounts.addSession(secretHash(id), operator.id, at);
    setSessionCookie(request, reply, id, Math.floor(settings.session.absoluteMs / 1000));
    request.operator = { id: operator.id, name: operator.email, role: operator.role };
    request.adminSession = { idHash: secretHash(id), createdAt: at, lastSeenAt: at };
    request.log.info({ operator: { action: 'login', id: operator.id, role: operator.role } }, 'operator logged in');
    return sessionAnswer(request);
  }

  app.post('/session', { config: { anonymous: true } }, async (request, reply) => {
    const { email, password } = parse(LoginRequest, request.body, 'login');
    const wait = await limiter.take(request.ip, email);
    if (wait) throw limited(wait);
    const operator = await storage.accounts.operatorByEmail(email);
    const active = operator && operator.disabledAt === null ? operator : null;
    // Unknown email, removed operator, no password yet, wrong password: one answer, one hash's time.
    if (!(await verifyPassword(password, active?.passwordHash ?? null, settings.scryptCost)) || !active) {
      throw new HttpError('unauthorized', 'Wrong email or password.');
    }
    return reply.code(201).send(await logIn(request, reply, active));
  });

  app.get('/session', async (request) => sessionAnswer(request));

  app.delete('/session', async (request, reply) => {
    const operator = operatorOf(request);
    const session = request.adminSession;
    if (session) {
      await storage.accounts.deleteSession(session.idHash);
      await releaseClaimsOfOperator(context, operator.id);
      setSessionCookie(request, reply, '', 0);
      request.log.info({ operator: { action: 'logout', id: operator.id } }, 'operator logged out');
    }
    return reply.code(204).send();
  });

  app.post<{ Params: { token: string } }>('/invitations/:token', { config: { anonymous: true } }, async (request, reply) => {
    const token = parse(InvitationToken, request.params.token, 'invitation token');
    const { password } = parse(AcceptInvitationRequest, request.body, 'body');
    // Each try costs a hash: tries are limited per address like logins.
    const wait = await limiter.take(request.ip);
    if (wait) throw limited(wait);
    const operator = await storage.accounts.useInvitation(secretHash(token), now(), await hashPassword(password, settings.scryptCost));
    if (!operator) throw new HttpError('not_found', 'This invitation is unknown, used or expired: ask an admin for a new one.');
    return reply.code(201).send(await logIn(request, reply, operator));
  });

  // ── The "Operators" view: admins only. ──
  const operatorOr404 = async (id: string) => {
    const found = await storage.accounts.operatorById(parse(OperatorId, id, 'operator id'));
    if (!found || found.disabledAt !== null) throw new HttpError('not_found', `No active operator has the id "${id}".`);
    return found;
  };

  app.get('/operators', async (request) => {
    requireRole(request, 'admin');
    return { operators: (await storage.accounts.listOperators()).map(adminOperator) };
  });

  app.post('/operators', async (request, reply) => {
    const by = requireRole(request, 'admin');
    const body = parse(CreateOperatorRequest, request.body, 'body');
    const added = await addOperator(storage, body, now(), settings.scryptCost);
    if (added === 'exists') throw new HttpError('conflict', `An operator has the email ${body.email} already.`);
    request.log.info({ operator: { action: 'add', id: added.operator.id, role: added.operator.role, by: by.name } }, 'operator added');
    const invitation = added.invitation && { url: invitationUrl(ownOrigin(request), added.invitation.token), expiresAt: iso(added.invitation.expiresAt) };
    return reply.code(201).send({ operator: adminOperator(added.operator), invitation } satisfies CreatedOperator);
  });

  /** Refuses (409) what would leave no admin who can sign in: the console must keep one. */
  const keepAnAdmin = async (target: OperatorRow) => {
    if (signsInAsAdmin(target) && (await activeAdmins(storage)) <= 1) {
      throw new HttpError('conflict', 'This is the last admin: make another operator admin first.');
    }
  };

  app.put<{ Params: { operatorId: string } }>('/operators/:operatorId/role', async (request) => {
    const by = requireRole(request, 'admin');
    const target = await operatorOr404(request.params.operatorId);
    const { role } = parse(RoleRequest, request.body, 'body');
    if (role !== 'admin') await keepAnAdmin(target);
    await storage.accounts.setRole(target.id, role);
    request.log.info({ operator: { action: 'role', id: target.id, role, by: by.name } }, 'operator role changed');
    return adminOperator((await storage.accounts.operatorById(target.id))!);
  });

  app.delete<{ Params: { operatorId: string } }>('/operators/:operatorId', async (request) => {
    const by = requireRole(request, 'admin');
    const target = await operatorOr404(request.params.operatorId);
    await keepAnAdmin(target);
    await storage.accounts.disableOperator(target.id, now());
    await releaseClaimsOfOperator(context, target.id);
    request.log.info({ operator: { action: 'remove', id: target.id, by: by.name } }, 'operator removed');
    return adminOperator((await storage.accounts.operatorById(target.id))!);
  });
}
