/**
 * Issue 12, setup: consultations created and edited from the console, "a poll in a minute" and
 * bulk proposals (docs/server.md, "Setting up consultations"). Every write needs the admin role
 * and goes through the import's storage path (one transaction, the import file's checks), bulk
 * proposals through an insert of their own, then into the consultation's change log with its
 * operator. Reads: any operator.
 *
 * - `POST /admin/consultations` with a consultation form (admin-routes.ts sends it here; an import
 *   file still imports): creates, never replaces;
 * - `PATCH /admin/consultations/{id}`: changes the fields sent;
 * - `GET /admin/consultations/{id}/changes`: the change log;
 * - `POST /admin/polls`: a consultation with one to five accepted statements;
 * - `POST /admin/consultations/{id}/proposals`: accepted proposals from CSV or JSON, all or none.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import {
  BulkProposalsRequest,
  ConsultationConfig,
  ConsultationCreate,
  ConsultationPatch,
  consultationPhase,
  MAX_BULK_BYTES,
  PollRequest,
  type AdminConsultation,
  type AdminConsultationView,
  type BulkLineError,
  type ChangeAction,
  type ImportProposal,
} from 'consult-widgets/protocol/admin';
import { Id } from 'consult-widgets/protocol';
import { isRefusal, type NewProposal } from '../storage/storage.js';
import { answerCache } from './results-cache.js';
import { parse } from './admin-routes.js';
import { checkLines, linesOfBody, type Line } from './bulk-lines.js';
import type { ServerContext } from './context.js';
import { fromRefusal, HttpError } from './errors.js';
import { operatorOf, requireRole } from './operator.js';

const BulkQuery = z.object({ dryRun: z._default(z.enum(['true', 'false']), 'false') });

/** A new id: random, so ids say nothing of how many consultations or proposals exist. */
const newId = (prefix: string) => `${prefix}${randomBytes(9).toString('base64url')}`;

/** At most `max` UTF-16 units, never half a surrogate pair, with an ellipsis when cut. */
function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** The consultation's configuration, as an import file holds it (counts and views left out). */
function configOf(c: AdminConsultation): ConsultationConfig {
  const { counts: _c, untrustedVotes: _u, ...config } = c;
  return config;
}

/** The fields whose value changes, `{ from, to }` each (what the change log keeps). */
function changedFields(before: ConsultationConfig, after: ConsultationConfig, sent: object): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(sent) as Array<keyof ConsultationConfig>) {
    const [from, to] = [before[key] ?? null, after[key] ?? null];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/** A 422 naming each refused line: the console shows them next to what was pasted. */
function refuseLines(reply: FastifyReply, errors: BulkLineError[], total: number) {
  const message = `${errors.length} of ${total} ${total === 1 ? 'line was' : 'lines were'} refused: nothing was added.`;
  return reply.code(422).send({ error: { code: 'unprocessable', message }, lines: errors });
}

export interface SetupRoutes {
  /** `POST /admin/consultations` with a consultation form rather than an import file. */
  create(request: FastifyRequest, reply: FastifyReply, body: unknown): Promise<unknown>;
  /** Logs a change made by another admin route (an import, a status change) with its operator. */
  record(request: FastifyRequest, consultationId: string, action: ChangeAction, detail: Record<string, unknown>): Promise<void>;
}

export function registerSetupRoutes(app: FastifyInstance, context: ServerContext): SetupRoutes {
  const { storage, directory } = context;
  const iso = () => new Date(context.now()).toISOString();
  const view = (c: AdminConsultation): AdminConsultationView => ({ ...c, phase: consultationPhase(c, context.now()) });

  const consultationOr404 = async (id: string) => {
    const found = await storage.getConsultation(parse(Id, id, 'consultation id'));
    if (!found) throw new HttpError('not_found', `No consultation has the id "${id}".`);
    return found;
  };

  /** Writes the consultation and new proposals as an import does: one transaction, its checks. */
  async function write(config: ConsultationConfig, proposals: ImportProposal[]) {
    const outcome = await storage.importConsultation({ consultation: config, proposals }, iso());
    if (isRefusal(outcome)) throw fromRefusal(outcome);
    directory.invalidate(config.id);
  }

  /** The change, in the consultation's log and the server's (who, what; never a text). */
  async function record(request: FastifyRequest, consultationId: string, action: ChangeAction, detail: Record<string, unknown>) {
    const { id, name } = operatorOf(request);
    const at = iso();
    await storage.recordChange({ consultationId, operator: { id, name }, action, detail, at });
    request.log.info({ setup: { action, consultationId, fields: Object.keys(detail), by: id, at } }, 'consultation changed by an operator');
  }

  /** New accepted proposals from checked lines. */
  const accepted = (lines: ReadonlyArray<{ content: string; themeId: string | null }>): Array<ImportProposal & NewProposal> =>
    lines.map(({ content, themeId }) => ({ id: newId('p'), content, themeId, status: 'accepted' }));

  app.patch<{ Params: { consultationId: string } }>('/consultations/:consultationId', async (request) => {
    requireRole(request, 'admin');
    const c = await consultationOr404(request.params.consultationId);
    const patch = parse(ConsultationPatch, request.body, 'body');
    const before = configOf(c);
    const after = parse(ConsultationConfig, { ...before, ...patch }, 'consultation');
    if (patch.themes) {
      const kept = new Set(patch.themes.map((t) => t.id));
      const use = await storage.themeUse(c.id);
      const used = before.themes.filter((t) => !kept.has(t.id) && use.get(t.id));
      if (used.length) {
        const named = used.map((t) => `${t.id} (${use.get(t.id)} proposals)`).join(', ');
        throw new HttpError('conflict', `Proposals use the themes left out: ${named}. Rename a theme rather than remove it, or move its proposals first.`);
      }
    }
    const changes = changedFields(before, after, patch);
    if (!Object.keys(changes).length) return view(c);
    await write(after, []);
    await record(request, c.id, 'edit', changes);
    return view(await consultationOr404(c.id));
  });

  app.get<{ Params: { consultationId: string } }>('/consultations/:consultationId/changes', async (request) => {
    const c = await consultationOr404(request.params.consultationId);
    return { changes: await storage.consultationChanges(c.id) };
  });

  app.post('/polls', async (request, reply) => {
    requireRole(request, 'admin');
    const poll = parse(PollRequest, request.body, 'poll');
    const id = newId('poll-');
    const config = parse(
      ConsultationConfig,
      {
        id,
        title: poll.title ?? shortened(poll.question, 300),
        question: poll.question,
        locale: poll.locale,
        allowedOrigins: poll.allowedOrigin ? [poll.allowedOrigin] : [],
      },
      'poll',
    );
    const lines: Line[] = poll.statements.map((content, i) => ({ line: i + 1, content, theme: null }));
    const checked = checkLines(lines, config);
    if ('errors' in checked) return refuseLines(reply, checked.errors, lines.length);
    const proposals = accepted(checked.lines);
    await write(config, proposals);
    await record(request, id, 'poll', { statements: proposals.length });
    return reply.code(201).send({ consultation: view(await consultationOr404(id)), proposalIds: proposals.map((p) => p.id) });
  });

  // Bulk proposals, as CSV (text/csv) or JSON, up to MAX_BULK_BYTES: a pasted list, not a file import.
  void app.register(async (bulk) => {
    bulk.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: MAX_BULK_BYTES }, (_request, body, done) => done(null, body));
    bulk.post<{ Params: { consultationId: string } }>('/consultations/:consultationId/proposals', { bodyLimit: MAX_BULK_BYTES }, async (request, reply) => {
      requireRole(request, 'admin');
      const c = await consultationOr404(request.params.consultationId);
      const { dryRun } = parse(BulkQuery, request.query ?? {}, 'query string');
      const lines = Buffer.isBuffer(request.body)
        ? linesOfBody(request.body, request.headers['content-type'])
        : parse(BulkProposalsRequest, request.body, 'body').proposals.map((p, i) => ({ line: i + 1, content: p.content, theme: p.theme ?? null }));
      const config = configOf(c);
      const checked = checkLines(lines, config);
      if ('errors' in checked) return refuseLines(reply, checked.errors, lines.length);
      if (dryRun === 'true') return { added: checked.lines.length, dryRun: true, proposalIds: [] };
      // Added without rewriting the consultation (an import would write back the configuration read
      // above, undoing an edit made meanwhile); the answers computed before are stale.
      const proposals = accepted(checked.lines);
      await storage.addProposals(c.id, proposals, iso());
      answerCache(storage).written(c.id);
      await record(request, c.id, 'proposals', { added: proposals.length });
      return reply.code(201).send({ added: proposals.length, dryRun: false, proposalIds: proposals.map((p) => p.id) });
    });
  });

  return {
    record,
    async create(request, reply, body) {
      requireRole(request, 'admin');
      const form = parse(ConsultationCreate, body, 'consultation');
      const config = { ...form, id: form.id ?? newId('c') };
      if (await storage.getConsultation(config.id)) {
        throw new HttpError('conflict', `A consultation has the id "${config.id}" already: change it with PATCH /admin/consultations/${config.id}.`);
      }
      await write(config, []);
      await record(request, config.id, 'create', {});
      return reply.code(201).send(view(await consultationOr404(config.id)));
    },
  };
}

/** A consultation form, not an import file: an object without a `consultation` property. */
export const isConsultationForm = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && !Object.hasOwn(body, 'consultation');
