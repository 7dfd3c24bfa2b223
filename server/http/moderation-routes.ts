/**
 * The moderation queue in the admin API (issue 12), for every operator (moderators and admins);
 * docs/server.md "Moderation queue" lists the routes:
 * - counts per status, cheap to poll (weak ETag: If-None-Match answers 304);
 * - next / previous: one proposal at a time, a pending one claimed for the asking operator
 *   (CLAIM_SECONDS, renewed with POST …/claim while they stay on it), so two operators never get
 *   the same one; a decision, a step or DELETE …/claim releases it;
 * - bulk decisions, theme changes, a proposal's history, the moderation log (filtered, paged, CSV).
 * Every decision and theme change keeps its operator (`operatorOf`).
 */
import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import {
  BulkModerationRequest,
  CLAIM_SECONDS,
  LOG_PAGE_MAX,
  MODERATION_CSV_COLUMNS,
  ModerationLogQuery,
  QueueStepRequest,
  ThemeChangeRequest,
  type AdminConsultation,
  type AdminProposal,
  type BulkModerationAnswer,
  type ModerationCounts,
  type ModerationLogPage,
  type ProposalClaim,
  type ProposalHistory,
  type QueueAnswer,
} from 'consult-widgets/protocol/admin';
import { describeIssue, Id, type Proposal } from 'consult-widgets/protocol';
import { csvCell } from '../open-data.js';
import { isRefusal, type LogEntry, type LogFilter } from '../storage/storage.js';
import { duplicatesOf } from '../text-skeleton.js';
import type { ServerContext } from './context.js';
import { fromRefusal, HttpError } from './errors.js';
import { operatorOf } from './operator.js';

function parse<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) throw new HttpError('invalid_request', `Invalid ${where}: ${describeIssue(parsed.error)}.`);
  return parsed.data;
}

type ConsultationParams = { Params: { consultationId: string } };
type ProposalParams = { Params: { proposalId: string } };

/** A filter's time as the server writes times (`toISOString`), so text comparison is time order. */
const normalised = (time: string | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

export async function registerModerationRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { storage } = context;
  const now = () => context.now();
  const iso = () => new Date(now()).toISOString();

  const consultationOr404 = async (id: string): Promise<AdminConsultation> => {
    const found = await storage.getConsultation(parse(Id, id, 'consultation id'));
    if (!found) throw new HttpError('not_found', `No consultation has the id "${id}".`);
    return found;
  };
  const proposalOr404 = async (id: string): Promise<Proposal> => {
    const found = await storage.getProposal(parse(Id, id, 'proposal id'));
    if (!found) throw new HttpError('not_found', `No proposal has the id "${id}".`);
    return found;
  };
  const countsOf = (consultationId: string): Promise<ModerationCounts> => storage.moderationCounts(consultationId, now());

  /** The proposal with its near-duplicate flag, as the admin proposal list shows it. */
  const withDuplicate = async (proposal: Proposal): Promise<AdminProposal> => {
    const duplicates = duplicatesOf(await storage.proposalTexts(proposal.consultationId), [proposal]);
    return { ...proposal, duplicateOf: duplicates.get(proposal.id) ?? null };
  };

  // Polled every few seconds by each console: one indexed count per status, and a weak ETag
  // (@fastify/etag) so an unchanged answer costs a 304 without a body.
  await app.register(async (polled) => {
    await polled.register(etag, { weak: true });
    polled.get<ConsultationParams>('/consultations/:consultationId/queue/counts', async (request, reply) => {
      const c = await consultationOr404(request.params.consultationId);
      reply.header('cache-control', 'no-cache');
      return countsOf(c.id);
    });
  });

  for (const direction of ['next', 'previous'] as const) {
    app.post<ConsultationParams>(`/consultations/:consultationId/queue/${direction}`, async (request): Promise<QueueAnswer> => {
      const operator = operatorOf(request);
      const c = await consultationOr404(request.params.consultationId);
      const { from } = parse(QueueStepRequest, request.body ?? {}, 'body');
      const at = now();
      const step = { consultationId: c.id, operator, direction, fromId: from ?? null, now: at, expiresAt: at + CLAIM_SECONDS * 1000 };
      const landed = await storage.stepQueue(step);
      if (isRefusal(landed)) throw fromRefusal(landed);
      if (!landed) return { item: null, counts: await countsOf(c.id) };
      const [proposal, history, counts] = await Promise.all([
        proposalOr404(landed.proposalId),
        storage.proposalHistory(landed.proposalId),
        countsOf(c.id),
      ]);
      return { item: { proposal: await withDuplicate(proposal), claim: landed.claim, decisions: history?.decisions ?? [] }, counts };
    });
  }

  app.post<ProposalParams>('/proposals/:proposalId/claim', async (request): Promise<{ claim: ProposalClaim }> => {
    const at = now();
    const claim = await storage.claimProposal(parse(Id, request.params.proposalId, 'proposal id'), operatorOf(request), at, at + CLAIM_SECONDS * 1000);
    if (isRefusal(claim)) throw fromRefusal(claim);
    return { claim };
  });

  app.delete<ProposalParams>('/proposals/:proposalId/claim', async (request) => {
    const proposal = await proposalOr404(request.params.proposalId);
    return { released: await storage.releaseClaim(proposal.id, operatorOf(request).id) };
  });

  app.post<ConsultationParams>('/consultations/:consultationId/moderation/bulk', async (request): Promise<BulkModerationAnswer> => {
    const operator = operatorOf(request);
    const c = await consultationOr404(request.params.consultationId);
    const body = parse(BulkModerationRequest, request.body, 'body');
    const reason = body.decision === 'refuse' ? body.reason : null;
    const decidedAt = iso();
    // Together: one group commit on SQLite, the pool's connections on PostgreSQL.
    const outcomes = await Promise.all(
      body.proposalIds.map(async (proposalId) => {
        const outcome = await storage.moderate(proposalId, body.decision, reason, decidedAt, { operator, consultationId: c.id });
        if (!isRefusal(outcome)) return { proposalId, outcome: 'decided' as const, decision: outcome };
        return { proposalId, outcome: outcome.refused === 'conflict' ? ('claimed' as const) : ('not_found' as const), message: outcome.message };
      }),
    );
    const decided = outcomes.filter((o) => o.outcome === 'decided').length;
    request.log.info({ moderation: { action: 'bulk', consultationId: c.id, decision: body.decision, reason, decided, asked: outcomes.length, operator: operator.id } }, 'bulk moderation');
    return { outcomes, counts: await countsOf(c.id) };
  });

  app.put<ProposalParams>('/proposals/:proposalId/theme', async (request) => {
    const operator = operatorOf(request);
    const proposal = await proposalOr404(request.params.proposalId);
    const { themeId } = parse(ThemeChangeRequest, request.body, 'body');
    const c = await consultationOr404(proposal.consultationId);
    if (themeId !== null && !c.themes.some((t) => t.id === themeId)) {
      throw new HttpError('unprocessable', `The consultation has no theme "${themeId}" (its themes: ${c.themes.map((t) => t.id).join(', ') || 'none'}).`);
    }
    const outcome = await storage.changeTheme({ proposalId: proposal.id, themeId, operator, changedAt: iso() });
    if (isRefusal(outcome)) throw fromRefusal(outcome);
    return { ...outcome, proposal: await withDuplicate(await proposalOr404(proposal.id)) };
  });

  app.get<ProposalParams>('/proposals/:proposalId/history', async (request): Promise<ProposalHistory> => {
    const proposal = await proposalOr404(request.params.proposalId);
    const [history, claim] = await Promise.all([storage.proposalHistory(proposal.id), storage.claimOf(proposal.id, now())]);
    return { proposalId: proposal.id, status: proposal.status, claim, decisions: history?.decisions ?? [], themeChanges: history?.themeChanges ?? [] };
  });

  const filterOf = (query: unknown): LogFilter => {
    const { cursor, from, to, ...rest } = parse(ModerationLogQuery, query, 'query string');
    return { ...rest, from: normalised(from), to: normalised(to), after: cursor === undefined ? null : Number(cursor) };
  };

  // The log as a console pages through it: decisions as POST …/moderation answered them, and the
  // texts they were about apart (`texts`), so each decision stays one `ModerationDecision`.
  app.get<ConsultationParams>('/consultations/:consultationId/moderation', async (request): Promise<ModerationLogPage> => {
    const c = await consultationOr404(request.params.consultationId);
    const page = await storage.moderationEntries(c.id, filterOf(request.query));
    const texts = Object.fromEntries(page.items.map((e) => [e.proposalId, e.content]));
    const decisions = page.items.map(({ content: _content, ...decision }) => decision);
    return { decisions, nextCursor: page.nextAfter === null ? null : String(page.nextAfter), texts };
  });

  // The audit download: every decision that matches, read a page at a time. Texts come from the
  // public and names from operators: csvCell defuses cells a spreadsheet would run as formulas.
  app.get<ConsultationParams>('/consultations/:consultationId/moderation.csv', async (request, reply) => {
    const c = await consultationOr404(request.params.consultationId);
    const filter = filterOf({ ...(request.query as object), limit: undefined, cursor: undefined });
    const entries: LogEntry[] = [];
    for (let after: number | null = null; ; ) {
      const page = await storage.moderationEntries(c.id, { ...filter, limit: LOG_PAGE_MAX, after });
      entries.push(...page.items);
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
    const rows = entries.map((e) => [e.decidedAt, e.proposalId, e.decision, e.reason, e.operator?.id, e.operator?.name, e.content]);
    const csv = [MODERATION_CSV_COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="moderation-${c.id}.csv"`)
      .send(csv);
  });
}
