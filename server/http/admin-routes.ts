/**
 * The administration and moderation API, under `/admin`, called with an operator's session
 * cookie or `Authorization: Bearer <CONSULT_ADMIN_TOKEN>` (admin-auth.ts; issue 12). Moderators
 * read and moderate; every other write needs the `admin` role. Every moderation decision is kept
 * with its time and reason (`GET /admin/consultations/{id}/moderation`).
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import { consultationPhase, ModerationRequest, StatusRequest, type AdminConsultationView, type AdminProposalPage } from 'consult-widgets/protocol/admin';
import { describeIssue, Id, ParticipantId, ProposalListQuery, ProposalStatus } from 'consult-widgets/protocol';
import { checkImportFileInBatches } from '../import.js';
import { isRefusal } from '../storage/storage.js';
import { duplicatesOf } from '../text-skeleton.js';
import { registerCohortRoutes } from './cohort-routes.js';
import { registerAccountRoutes, type AccountSettings } from './accounts-routes.js';
import { installAdminAuth } from './admin-auth.js';
import type { ServerContext } from './context.js';
import { fromRefusal, HttpError } from './errors.js';
import { operatorOf, requireRole } from './operator.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { isConsultationForm, registerSetupRoutes } from './setup-routes.js';
import { registerModerationRoutes } from './moderation-routes.js';
import { decodeInSlices, parseImportBody } from './import-body.js';

/**
 * Import files carry whole consultations: 575 proposals are about 100 KB, 39,000 about 7.8 MB.
 * Twice that, for long proposals and authors; only the admin token reaches it (public routes: 16 KB).
 */
export const ADMIN_BODY_LIMIT = 16 * 1024 * 1024;

export function parse<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new HttpError('invalid_request', `Invalid ${where}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

const AdminProposalQuery = z.object({ ...ProposalListQuery.shape, status: z._default(ProposalStatus, 'pending') });

export async function registerAdminRoutes(app: FastifyInstance, context: ServerContext, adminToken: string | undefined, accounts: AccountSettings): Promise<void> {
  const { storage, directory } = context;

  // Issue 12: sessions or the bearer token; operators and sessions (accounts-routes.ts).
  installAdminAuth(app, context, adminToken, accounts.session);
  registerAccountRoutes(app, context, accounts);

  // Issue 12: create and edit consultations, polls, bulk proposals (setup-routes.ts).
  const setup = registerSetupRoutes(app, context);

  const consultationOr404 = async (id: string) => {
    const found = await storage.getConsultation(parse(Id, id, 'consultation id'));
    if (!found) throw new HttpError('not_found', `No consultation has the id "${id}".`);
    return found;
  };

  // Issue 12: each with its phase now (opening and closing dates take effect by themselves).
  const phased = <C extends Parameters<typeof consultationPhase>[0]>(c: C) => ({ ...c, phase: consultationPhase(c, context.now()) });
  app.get('/consultations', async () => ({ consultations: (await storage.listConsultations()).map(phased) }));

  // Operators see how many votes are untrusted (issue 10): one results read, admin traffic only.
  const untrustedOf = async (consultationId: string) => new Map((await storage.results(consultationId)).map((r) => [r.proposalId, r.untrusted.votes]));

  app.get<{ Params: { consultationId: string } }>('/consultations/:consultationId', async (request) => {
    const c = await consultationOr404(request.params.consultationId);
    const untrusted = [...(await untrustedOf(c.id)).values()].reduce((n, t) => n + t.agree + t.disagree + t.neutral, 0);
    return phased({ ...c, untrustedVotes: untrusted }) satisfies AdminConsultationView;
  });

  // Create or update a consultation from an import file (the CLI's `import` does the same). Up to
  // 39,000 proposals and more: the body is read as text and parsed in batches (import-body.ts),
  // checked in batches (import.ts) and written in batches (storage), the event loop free between.
  await app.register(async (imports) => {
    imports.removeContentTypeParser('application/json');
    imports.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: ADMIN_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    // The role is checked before the body (up to 16 MB) is read.
    const adminOnly = async (request: FastifyRequest) => void requireRole(request, 'admin');
    imports.post('/consultations', { bodyLimit: ADMIN_BODY_LIMIT, onRequest: adminOnly }, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? await parseImportBody(await decodeInSlices(request.body)) : request.body;
      // Issue 12: a consultation form (no `consultation` property) creates one (setup-routes.ts).
      if (isConsultationForm(body)) return setup.create(request, reply, body);
      const checked = await checkImportFileInBatches(body);
      if ('problem' in checked) throw new HttpError('invalid_request', `Invalid import file: ${checked.problem}.`);
      const { file } = checked;
      const outcome = await storage.importConsultation(file, new Date(context.now()).toISOString());
      if (isRefusal(outcome)) throw fromRefusal(outcome);
      directory.invalidate(file.consultation.id);
      await setup.record(request, file.consultation.id, 'import', { created: outcome.created, proposals: outcome.proposals });
      return reply.code(outcome.created ? 201 : 200).send({ ...outcome, consultation: await consultationOr404(file.consultation.id) });
    });
  });

  app.put<{ Params: { consultationId: string } }>('/consultations/:consultationId/status', async (request) => {
    requireRole(request, 'admin');
    const { status } = parse(StatusRequest, request.body, 'body');
    const id = parse(Id, request.params.consultationId, 'consultation id');
    const from = (await consultationOr404(id)).status;
    if (!(await storage.setStatus(id, status))) throw new HttpError('not_found', `No consultation has the id "${id}".`);
    directory.invalidate(id);
    if (from !== status) await setup.record(request, id, 'status', { status: { from, to: status } });
    return consultationOr404(id);
  });

  app.get<{ Params: { consultationId: string } }>('/consultations/:consultationId/proposals', async (request) => {
    const c = await consultationOr404(request.params.consultationId);
    const query = parse(AdminProposalQuery, request.query, 'query string');
    const after = query.cursor === undefined ? undefined : Number(query.cursor);
    if (after !== undefined && !Number.isSafeInteger(after)) throw new HttpError('invalid_request', 'Unknown cursor.');
    const page = await storage.listProposals(c.id, { status: query.status, themeId: query.themeId, limit: query.limit, after });
    // Near-duplicates of the consultation's accepted and pending proposals, computed at read time:
    // docs/decisions.md "Issue 9: proposal text" says why no column stores them.
    const duplicates = duplicatesOf(await storage.proposalTexts(c.id), page.items);
    const untrusted = await untrustedOf(c.id);
    const none = { agree: 0, disagree: 0, neutral: 0 };
    const items = page.items.map((p) => ({ ...p, duplicateOf: duplicates.get(p.id) ?? null, untrustedVotes: untrusted.get(p.id) ?? none }));
    return { items, nextCursor: page.nextAfter === null ? null : String(page.nextAfter) } satisfies AdminProposalPage;
  });

  // Erasure by id, in every consultation: for a bare client-chosen id (no token to prove it) or a
  // participant who lost theirs. The log line says who (the operator, or `admin-token`), what and when, and names the participant only by a keyed hash: whoever holds
  // the server's issuing key can confirm a given id was erased, nobody can read ids off the log.
  app.delete<{ Params: { participantId: string } }>('/participants/:participantId', async (request) => {
    const by = requireRole(request, 'admin');
    const id = parse(ParticipantId, request.params.participantId, 'participant id');
    const erased = await storage.eraseParticipant(id, null);
    const participant = createHmac('sha256', context.issuingKey).update(`erased-participant:${id}`).digest('base64url').slice(0, 22);
    request.log.info({ erasure: { by: by.name, operatorId: by.id, participant, at: new Date(context.now()).toISOString(), ...erased } }, 'participant erased by an operator');
    return erased;
  });

  // Issue 10: suspicious cohorts, their exclusion and restoration (cohort-routes.ts).
  registerCohortRoutes(app, context);
  // Issue 12: the dashboard's data (dashboard-routes.ts).
  await registerDashboardRoutes(app, context);
  // Issue 12: the moderation queue, the log (GET …/moderation) and its CSV (moderation-routes.ts).
  await registerModerationRoutes(app, context);

  app.post<{ Params: { proposalId: string } }>('/proposals/:proposalId/moderation', async (request) => {
    const id = parse(Id, request.params.proposalId, 'proposal id');
    const body = parse(ModerationRequest, request.body, 'moderation');
    const reason = body.decision === 'refuse' ? body.reason : null;
    const outcome = await storage.moderate(id, body.decision, reason, new Date(context.now()).toISOString(), { operator: operatorOf(request) });
    if (isRefusal(outcome)) throw fromRefusal(outcome);
    return outcome;
  });
}
