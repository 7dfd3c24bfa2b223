/**
 * Who acts on the admin API. Every decision records it (issue 12): the bearer admin token, kept for
 * automation, acts as the admin `admin-token`; operators' sessions (accounts) act as themselves.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.js';

/** `admin`: everything; `moderator`: moderation and reading. */
export type OperatorRole = 'admin' | 'moderator';

export interface Operator {
  /** Stable id: what decision rows store. */
  id: string;
  /** What logs and the console show (an operator's email, or `admin-token`). */
  name: string;
  role: OperatorRole;
}

export const TOKEN_OPERATOR: Operator = Object.freeze({ id: 'admin-token', name: 'admin-token', role: 'admin' });

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admin API's authentication hook; never on public routes. */
    operator?: Operator;
  }
}

/** The operator of an admin request (the authentication hook has run: there always is one). */
export function operatorOf(request: FastifyRequest): Operator {
  if (!request.operator) throw new HttpError('unauthorized', 'This route needs an operator.');
  return request.operator;
}

/** Refuses (403) what the operator's role does not allow: moderators moderate and read. */
export function requireRole(request: FastifyRequest, role: OperatorRole): Operator {
  const operator = operatorOf(request);
  if (role === 'admin' && operator.role !== 'admin') throw new HttpError('forbidden', 'Only an admin may do this.');
  return operator;
}
