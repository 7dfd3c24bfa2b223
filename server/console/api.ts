/**
 * The console's one way to the admin API: same origin, the session cookie (never a token kept in the
 * page), JSON in and out, answers checked with the protocol's schemas, failures as ConsoleError.
 */
import * as z from 'zod/mini';
import { ErrorBody } from 'consult-widgets/protocol';
import { AdminConsultation, AdminSession, SessionOperator as SessionOperatorSchema } from 'consult-widgets/protocol/admin';

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
}

export class AdminApi {
  constructor(private readonly base = ADMIN_API) {}

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

  async call<S extends z.ZodMiniType>(path: string, schema: S, init: RequestInit = {}): Promise<z.output<S>> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method: init.method ?? 'GET',
        // The browser adds Origin to these requests: the server's CSRF check compares it with its own.
        credentials: 'same-origin',
        headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: init.signal ?? null,
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ConsoleError(0, 'network', (error as Error).message);
    }
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
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
