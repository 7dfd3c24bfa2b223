/**
 * The console's one way to the admin API: same origin, the session cookie (never a token kept in the
 * page), JSON in and out, answers checked with the protocol's schemas, failures as ConsoleError.
 */
import * as z from 'zod/mini';
import { ErrorBody } from 'consult-widgets/protocol';
import {
  AdminConsultation,
  AdminOperator,
  AdminProposalPage,
  AdminSession,
  BulkModerationAnswer,
  CreatedOperator,
  ModerationCounts,
  ModerationDecision,
  OperatorList,
  ProposalClaim,
  QueueAnswer,
  SessionOperator as SessionOperatorSchema,
  ThemeChangeAnswer,
  type BulkModerationRequest,
  type CreateOperatorRequest,
  type OperatorRole,
  type ModerationRequest,
  AdminConsultationView,
  PollCreated,
  type ConsultationCreate,
  type PollRequest,
} from 'consult-widgets/protocol/admin';

export type SessionOperator = z.output<typeof SessionOperatorSchema>;

export const ADMIN_API = '/api/v1/admin';

export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ConsultationList = z.object({ consultations: z.array(AdminConsultation) });

export interface RequestInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  keepalive?: boolean;
}

const ClaimAnswer = z.object({ claim: ProposalClaim });

export class AdminApi {
  constructor(readonly base = ADMIN_API) {}

  /** The operator of this browser's session, or null when nobody is logged in. */
  async session(signal?: AbortSignal): Promise<SessionOperator | null> {
    try {
      return (await this.call('/session', AdminSession, { signal })).operator;
    } catch (error) {
      if (error instanceof ConsoleError && error.status === 401) return null;
      throw error;
    }
  }

  async login(email: string, password: string): Promise<SessionOperator> {
    return (await this.call('/session', AdminSession, { method: 'POST', body: { email, password } })).operator;
  }

  async logout(): Promise<void> {
    await this.call('/session', z.unknown(), { method: 'DELETE' });
  }

  async consultations(signal?: AbortSignal): Promise<AdminConsultation[]> {
    return (await this.call('/consultations', ConsultationList, { signal })).consultations;
  }

  async consultation(id: string, signal?: AbortSignal): Promise<AdminConsultation> {
    return this.call(`/consultations/${encodeURIComponent(id)}`, AdminConsultation, { signal });
  }

  /**
   * The queue's counts, polled with the ETag of the previous answer: null when nothing changed
   * (304), so a poll every few seconds costs the server no query result and the page no render.
   */
  async queueCounts(consultationId: string, etag: string | undefined, signal?: AbortSignal): Promise<{ counts: ModerationCounts; etag: string | undefined } | null> {
    const answer = await this.getIfChanged(`/consultations/${encodeURIComponent(consultationId)}/queue/counts`, ModerationCounts, etag, signal);
    return answer && { counts: answer.value, etag: answer.etag };
  }

  /** `next` claims the proposal it gives for this operator; `previous` may give a decided one. */
  async queueStep(consultationId: string, direction: 'next' | 'previous', from?: string): Promise<QueueAnswer> {
    return this.call(`/consultations/${encodeURIComponent(consultationId)}/queue/${direction}`, QueueAnswer, { method: 'POST', body: from ? { from } : {} });
  }

  async renewClaim(proposalId: string): Promise<ProposalClaim> {
    return (await this.call(`/proposals/${encodeURIComponent(proposalId)}/claim`, ClaimAnswer, { method: 'POST' })).claim;
  }

  /** `keepalive`: the release still reaches the server when the page goes away. */
  async releaseClaim(proposalId: string): Promise<void> {
    await this.call(`/proposals/${encodeURIComponent(proposalId)}/claim`, z.unknown(), { method: 'DELETE', keepalive: true });
  }

  async moderate(proposalId: string, request: ModerationRequest): Promise<ModerationDecision> {
    return this.call(`/proposals/${encodeURIComponent(proposalId)}/moderation`, ModerationDecision, { method: 'POST', body: request });
  }

  async changeTheme(proposalId: string, themeId: string | null): Promise<z.output<typeof ThemeChangeAnswer>> {
    return this.call(`/proposals/${encodeURIComponent(proposalId)}/theme`, ThemeChangeAnswer, { method: 'PUT', body: { themeId } });
  }

  /**
   * One page (100 at most, the bulk route's maximum) of a consultation's proposals of one status,
   * oldest first: pending ones are what a bulk decision picks from; accepted ones name the ideas a
   * cohort moves and the cards an embed can show.
   */
  async proposalPage(consultationId: string, status: 'pending' | 'accepted', cursor?: string, signal?: AbortSignal): Promise<AdminProposalPage> {
    const query = new URLSearchParams({ status, limit: '100', ...(cursor ? { cursor } : {}) });
    return this.call(`/consultations/${encodeURIComponent(consultationId)}/proposals?${query}`, AdminProposalPage, { signal });
  }

  async bulkModerate(consultationId: string, request: BulkModerationRequest): Promise<BulkModerationAnswer> {
    return this.call(`/consultations/${encodeURIComponent(consultationId)}/moderation/bulk`, BulkModerationAnswer, { method: 'POST', body: request });
  }

  async call<S extends z.ZodMiniType>(path: string, schema: S, init: RequestInit = {}): Promise<z.output<S>> {
    const response = await this.fetch(path, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
      keepalive: init.keepalive ?? false,
    });
    return this.parse(response, schema, path);
  }

  /** A request as it goes out (same origin, the session cookie); for the views' own calls (their chunks). */
  async fetch(path: string, init: globalThis.RequestInit): Promise<Response> {
    try {
      // The browser adds Origin to these requests: the server's CSRF check compares it with its own.
      return await fetch(this.base + path, { ...init, credentials: 'same-origin' });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ConsoleError(0, 'network', (error as Error).message);
    }
  }

  /** An answer checked with `schema`; a failure as ConsoleError with the server's code and message. */
  async parse<S extends z.ZodMiniType>(response: Response, schema: S, path: string): Promise<z.output<S>> {
    const text = await response.text();
    const json: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const parsed = z.safeParse(ErrorBody, json);
      throw new ConsoleError(response.status, parsed.success ? parsed.data.error.code : 'server', parsed.success ? parsed.data.error.message : `HTTP ${response.status}`);
    }
    const parsed = z.safeParse(schema, json);
    if (!parsed.success) throw new ConsoleError(response.status, 'invalid_answer', `Unexpected answer from ${path}.`);
    return parsed.data;
  }

  // New poll and new consultation (issue 12, poll scope): admins only, the server answers 403 otherwise.

  /** A consultation with its statements accepted, in one request: what the embed code needs. */
  async createPoll(request: z.input<typeof PollRequest>): Promise<PollCreated> {
    return this.call('/polls', PollCreated, { method: 'POST', body: request });
  }

  /** A consultation form (never an import file: no `consultation` property), 409 if its id exists. */
  async createConsultation(form: z.input<typeof ConsultationCreate>): Promise<AdminConsultationView> {
    return this.call('/consultations', AdminConsultationView, { method: 'POST', body: form });
  }

  // ── Invitations and the "Operators" view (admins). ──

  /** An invited operator chooses a password: the invitation is used up and the session opened. */
  async acceptInvitation(token: string, password: string): Promise<SessionOperator> {
    return (await this.call(`/invitations/${encodeURIComponent(token)}`, AdminSession, { method: 'POST', body: { password } })).operator;
  }

  async operators(signal?: AbortSignal): Promise<AdminOperator[]> {
    return (await this.call('/operators', OperatorList, { signal })).operators;
  }

  /** Without a password the server makes an invitation: its link comes back once, here. */
  async addOperator(request: CreateOperatorRequest): Promise<CreatedOperator> {
    return this.call('/operators', CreatedOperator, { method: 'POST', body: request });
  }

  async setOperatorRole(id: string, role: OperatorRole): Promise<AdminOperator> {
    return this.call(`/operators/${encodeURIComponent(id)}/role`, AdminOperator, { method: 'PUT', body: { role } });
  }

  async removeOperator(id: string): Promise<AdminOperator> {
    return this.call(`/operators/${encodeURIComponent(id)}`, AdminOperator, { method: 'DELETE' });
  }

  // dashboard view

  /**
   * A GET asked with the ETag of the previous answer: null when nothing changed (304), so a refresh
   * every few seconds costs no body and no render. The schema comes from the view: a lazily loaded
   * view's schemas stay in its chunk.
   */
  async getIfChanged<S extends z.ZodMiniType>(path: string, schema: S, etag: string | undefined, signal?: AbortSignal): Promise<{ value: z.output<S>; etag: string | undefined } | null> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (etag) headers['if-none-match'] = etag;
    const response = await this.fetch(path, { headers, signal: signal ?? null });
    if (response.status === 304) return null;
    return { value: await this.parse(response, schema, path), etag: response.headers.get('etag') ?? undefined };
  }

  /** Where a consultation's open data downloads from: the public API, no session needed. */
  openDataUrl(consultationId: string, format: 'json' | 'csv'): string {
    return `${this.base.replace(/\/admin$/, '')}/consultations/${encodeURIComponent(consultationId)}/export.${format}`;
  }



}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
