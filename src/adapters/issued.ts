/**
 * The REST adapter's server-issued identity (protocol v1.1, `POST /participants`): asked for once,
 * when a request first names the browser's anonymous participant, and kept in the site's
 * first-party localStorage (never a cookie) so a reload, another tab and the outbox all use it.
 * On the wire the issued id then stands for the anonymous one, with its bearer token; the widgets
 * never see the difference. A backend without the endpoint keeps the anonymous id as before.
 * A backend may ask a proof of work first (428 `proof_required`): proof.ts, a chunk of its own
 * loaded only then, fetches and solves the challenge; meanwhile writes wait in the outbox.
 */
import * as z from 'zod/mini';
import { IssuedParticipant, PATHS, type IssuedParticipant as Issued, type ProofOfWork } from '../protocol/index.js';
import { ConsultError } from './errors.js';
import { request, type HttpOptions } from './http.js';

export const ISSUED_STORAGE_PREFIX = 'consult-widgets:issued:';

/** Answers that say the backend will not issue one (now): the anonymous id goes on as before. */
const NOT_OFFERED = new Set(['not_found', 'bad_response', 'forbidden', 'closed', 'proof_required']);

export class IssuedIdentity {
  private readonly key: string;
  /** Set once the backend said it issues no participants: not asked again by this page. */
  private notOffered = false;
  private inMemory: Issued | null = null;
  private asking?: Promise<Issued | null>;

  constructor(private readonly http: HttpOptions) {
    this.key = `${ISSUED_STORAGE_PREFIX}${http.endpoint}`;
  }

  /** The stored identity (another tab's too), unless it has expired. */
  current(): Issued | null {
    const stored = this.read();
    return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : null;
  }

  /**
   * The identity to use: the stored one, or a new one asked for (one tab at a time, so two tabs
   * opened together share one). `null`: this backend issues none; throws when it cannot say now
   * (offline, rate limited): a write then stays queued.
   */
  async obtain(consultationId: () => Promise<string>): Promise<Issued | null> {
    const known = this.current();
    if (known || this.notOffered) return known;
    this.asking ??= this.withLock(async () => this.current() ?? (await this.ask(await consultationId()))).finally(() => {
      this.asking = undefined;
    });
    return this.asking;
  }

  /** Forget `token` after the backend refused it (expired, or its key changed), unless another tab replaced it already. */
  drop(token: string): void {
    if (this.read()?.token !== token) return;
    this.inMemory = null;
    try {
      localStorage.removeItem(this.key);
    } catch {
      // storage unavailable: the in-memory copy was the only one
    }
  }

  private async ask(consultationId: string): Promise<Issued | null> {
    const { getToken: _none, ...http } = this.http;
    const issue = (proof?: ProofOfWork) =>
      request(http, { method: 'POST', path: PATHS.issueParticipant, body: { consultationId, proof } }, IssuedParticipant);
    try {
      let issued: Issued | undefined;
      // Twice at most: a proof that expired meanwhile (or was used: a lost answer) is answered 428 again.
      for (let attempt = 0; !issued; attempt++) {
        try {
          issued = await issue(attempt ? await (await import('./proof.js')).proveWork(http, consultationId) : undefined);
        } catch (error) {
          if (attempt === 2 || ConsultError.from(error).code !== 'proof_required') throw error;
        }
      }
      this.inMemory = issued;
      try {
        localStorage.setItem(this.key, JSON.stringify(issued));
      } catch {
        // storage full or disabled: the identity lasts for this page's life
      }
      return issued;
    } catch (caught) {
      const error = ConsultError.from(caught);
      if (!NOT_OFFERED.has(error.code)) throw error;
      this.notOffered = true;
      return null;
    }
  }

  private read(): Issued | null {
    try {
      const raw = localStorage.getItem(this.key);
      if (raw) {
        const parsed = z.safeParse(IssuedParticipant, JSON.parse(raw));
        if (parsed.success) return parsed.data;
      }
    } catch {
      // unreadable: as if none
    }
    return this.inMemory;
  }

  private async withLock<T>(task: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    return locks ? (locks.request(this.key, task) as Promise<T>) : task();
  }
}
