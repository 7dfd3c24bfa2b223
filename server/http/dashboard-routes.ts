/**
 * Issue 12: `GET /admin/consultations/{id}/dashboard?bucket=hour|day`, the console's dashboard in
 * one answer (any operator). Computed once per consultation version and bucket, like the results
 * (results-cache.ts): a console refreshing every few seconds while nothing changes costs no query,
 * and while votes arrive at most one computation runs at a time. Its popular and divisive ideas
 * are the results' own (the same cached computation as `GET /consultations/{id}/results`).
 * If-None-Match with the answer's ETag gets a 304 (@fastify/etag): the console refreshes it every 10 s.
 */
import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import { DashboardQuery, type Dashboard } from 'consult-widgets/protocol/admin';
import { Id, VOTE_KEYS, type ProposalResult, type Tally } from 'consult-widgets/protocol';
import { parse } from './admin-routes.js';
import type { ServerContext } from './context.js';
import { HttpError } from './errors.js';
import { cachedResults } from './results-answer.js';
import { answerCache, prepare, sendPrepared } from './results-cache.js';

const ranked = (proposals: readonly ProposalResult[], zone: ProposalResult['zone']) =>
  proposals.filter((p) => p.zone === zone && p.rank !== null).sort((a, b) => a.rank! - b.rank!);

export async function registerDashboardRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  // @fastify/etag answers 304 when If-None-Match names the ETag sendPrepared sets.
  await app.register(async (polled) => {
    await polled.register(etag, { weak: true });
    registerDashboard(polled, context);
  });
}

function registerDashboard(app: FastifyInstance, context: ServerContext): void {
  const { storage } = context;

  app.get<{ Params: { consultationId: string } }>('/consultations/:consultationId/dashboard', async (request, reply) => {
    const id = parse(Id, request.params.consultationId, 'consultation id');
    const { bucket } = parse(DashboardQuery, request.query ?? {}, 'query string');
    const consultation = async () => {
      const found = await storage.getConsultation(id);
      if (!found) throw new HttpError('not_found', `No consultation has the id "${id}".`);
      return found;
    };
    const answer = await answerCache(storage).get(id, `dashboard-${bucket}`, async () => {
      const c = await consultation();
      const [activity, results] = await Promise.all([storage.activity(id, bucket), cachedResults(storage, id, consultation)]);
      const { proposals } = results.value;
      // Votes per theme as the results count them (trust and exclusions applied), accepted proposals only.
      const themes = [...c.themes.map((t) => ({ themeId: t.id as string | null, label: t.label as string | null })), { themeId: null, label: null }].map((t) => {
        const votes: Tally = { agree: 0, disagree: 0, neutral: 0 };
        const mine = proposals.filter((p) => p.themeId === t.themeId);
        for (const p of mine) for (const k of VOTE_KEYS) votes[k] += p.votes[k];
        return { ...t, proposals: mine.length, votes };
      });
      const value = {
        consultationId: id,
        generatedAt: new Date(context.now()).toISOString(),
        counts: c.counts,
        proposals: activity.proposals,
        bucket,
        timeline: activity.timeline,
        themes,
        popular: ranked(proposals, 'consensus'),
        divisive: ranked(proposals, 'controversy'),
      } satisfies Dashboard;
      // The ETag names the content, not the instant it was computed: an answer recomputed after
      // ANSWER_MAX_AGE_MS with nothing changed keeps its ETag, so the console's refresh is a 304.
      const { generatedAt: _at, ...content } = value;
      return { ...(await prepare(value)), etag: (await prepare(content)).etag };
    });
    return sendPrepared(reply, answer);
  });
}
