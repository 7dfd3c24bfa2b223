/**
 * Cohorts in the admin API (issue 10), behind the admin token of admin-routes.ts:
 * - `GET /admin/consultations/{id}/cohorts`: the suspicious cohorts detected now (server/cohorts.ts),
 *   each with its effect on the published lists, and every exclusion, in force or restored;
 * - `POST …/cohorts/{cohortId}/exclusion` and `POST …/cohorts/{cohortId}/restoration`, each with
 *   `{ reason, by }`: excludes a detected cohort's votes from the results, or brings them back.
 *   Both are idempotent and logged (one info line: who, why, how many; never a participant id).
 *   Admins only (issue 12). `by` is the operator of the session; with the bearer token, which
 *   names nobody, the body's `by` (required then).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { CohortDecisionRequest, CohortId, type AdminConsultation } from 'consult-widgets/protocol/admin';
import { describeIssue, Id } from 'consult-widgets/protocol';
import { cohortEffects } from '../cohort-effect.js';
import { DEFAULT_COHORT_THRESHOLDS, detectCohorts } from '../cohorts.js';
import type { ServerContext } from './context.js';
import { HttpError } from './errors.js';
import { requireRole, TOKEN_OPERATOR } from './operator.js';

function parse<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new HttpError('invalid_request', `Invalid ${where}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

type Params = { consultationId: string; cohortId: string };

export function registerCohortRoutes(app: FastifyInstance, context: ServerContext): void {
  const { storage } = context;

  const consultationOf = async (id: string): Promise<AdminConsultation> => {
    const found = await storage.getConsultation(parse(Id, id, 'consultation id'));
    if (!found) throw new HttpError('not_found', `No consultation has the id "${id}".`);
    return found;
  };

  app.get<{ Params: { consultationId: string } }>('/consultations/:consultationId/cohorts', async (request) => {
    const c = await consultationOf(request.params.consultationId);
    const [votes, rows, excluded, exclusions] = await Promise.all([
      storage.cohortVotes(c.id),
      storage.results(c.id),
      storage.excludedMembers(c.id),
      storage.cohortExclusions(c.id),
    ]);
    const detected = detectCohorts(votes);
    const effects = cohortEffects(c, rows, votes, excluded, detected);
    const inForce = new Set(exclusions.filter((e) => e.restoredAt === null).map((e) => e.cohortId));
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      thresholds: DEFAULT_COHORT_THRESHOLDS,
      cohorts: detected.map((cohort, i) => ({
        id: cohort.id,
        kind: cohort.kind,
        members: cohort.members.length,
        votes: cohort.votes,
        firstAt: iso(cohort.firstAt),
        lastAt: iso(cohort.lastAt),
        proposals: cohort.vector,
        effect: effects[i],
        excluded: inForce.has(cohort.id),
      })),
      exclusions,
    };
  });

  /** The consultation, the cohort id and the body of an exclusion or restoration, checked; `by` and `via` who made it. */
  const decision = async (request: FastifyRequest<{ Params: Params }>) => {
    const operator = requireRole(request, 'admin');
    const { params } = request;
    const c = await consultationOf(params.consultationId);
    const cohortId = parse(CohortId, params.cohortId, 'cohort id');
    const body = parse(CohortDecisionRequest, request.body, 'body');
    const token = operator.id === TOKEN_OPERATOR.id;
    if (token && body.by === undefined) throw new HttpError('invalid_request', 'Invalid body: with the admin token, say who decides in "by".');
    return { c, cohortId, reason: body.reason, by: token ? body.by! : operator.name, via: token ? 'admin-token' : `session:${operator.id}` };
  };

  app.post<{ Params: Params }>('/consultations/:consultationId/cohorts/:cohortId/exclusion', async (request, reply) => {
    const { c, cohortId, reason, by, via } = await decision(request);
    const inForce = (await storage.cohortExclusions(c.id)).find((e) => e.cohortId === cohortId && e.restoredAt === null);
    if (inForce) return reply.code(200).send({ created: false, exclusion: inForce });
    const cohort = detectCohorts(await storage.cohortVotes(c.id)).find((d) => d.id === cohortId);
    if (!cohort) throw new HttpError('not_found', `No cohort has the id "${cohortId}" in this consultation now.`);
    const at = new Date(context.now()).toISOString();
    const { created } = await storage.excludeCohort({ consultationId: c.id, cohortId, kind: cohort.kind, members: cohort.members, reason, by, at });
    const exclusion = (await storage.cohortExclusions(c.id)).filter((e) => e.cohortId === cohortId).at(-1)!;
    if (created) {
      request.log.info(
        { cohort: { action: 'exclude', consultationId: c.id, cohortId, kind: cohort.kind, members: cohort.members.length, votes: exclusion.votes, reason, by, via, at } },
        'cohort excluded by an operator',
      );
    }
    return reply.code(created ? 201 : 200).send({ created, exclusion });
  });

  app.post<{ Params: Params }>('/consultations/:consultationId/cohorts/:cohortId/restoration', async (request) => {
    const { c, cohortId, reason, by, via } = await decision(request);
    if (!(await storage.wasExcluded(c.id, cohortId))) throw new HttpError('not_found', `The cohort "${cohortId}" was never excluded in this consultation.`);
    const at = new Date(context.now()).toISOString();
    const restored = await storage.restoreCohort({ consultationId: c.id, cohortId, reason, by, at });
    const exclusion = (await storage.cohortExclusions(c.id)).filter((e) => e.cohortId === cohortId).at(-1)!;
    if (restored) {
      request.log.info(
        { cohort: { action: 'restore', consultationId: c.id, cohortId, kind: exclusion.kind, votes: exclusion.votes, reason, by, via, at } },
        'cohort restored by an operator',
      );
    }
    return { restored, exclusion };
  });
}
