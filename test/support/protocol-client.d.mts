// Types of protocol-client.mjs for the TypeScript browser tests.
import type { QualificationKey, Tally, VoteKey } from '../../src/protocol/index.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

/** Restricts a fault or a malformed answer to some requests. */
export interface RequestFilter {
  methods?: HttpMethod[];
  /** Regular expression tested on the path below the endpoint, e.g. `^/proposals/p1/votes/`. */
  path?: string;
}

export interface FaultConfig extends RequestFilter {
  dropRate?: number;
  /** `reject` (default): fetch rejects once per drop. `close`: socket destroyed; Chromium may re-send once. */
  dropStyle?: 'reject' | 'close';
  errorRate?: number;
  hangMs?: number;
  /** Defaults to 1 when `hangMs` is set. */
  hangRate?: number;
  delayMs?: number;
  status429?: { count: number; retryAfter?: number };
  seed?: number;
  faultPhase?: 'before' | 'after' | 'mixed';
  maxFaults?: number;
  requireToken?: string;
}

export interface MalformedConfig extends RequestFilter {
  mode: 'schema' | 'html' | 'notfound';
  /** Default 1; 0 cancels. */
  count?: number;
}

export interface LogEntry {
  seq: number;
  /** `Date.now()` when the request arrived. */
  time: number;
  method: HttpMethod | 'OPTIONS';
  /** Below the endpoint, without the query string. */
  path: string;
  query: Record<string, string>;
  headers: { authorization: string | null; contentType: string | null };
  /** Parsed JSON body, or null (then `rawBody` holds a body that was not JSON). */
  body: unknown;
  rawBody?: string;
  bodySize: number;
  /** null while in flight and for a dropped request. */
  status: number | null;
  fault: 'token' | 'issued-token' | 'rate_limited' | 'drop' | 'error' | 'hang' | 'html' | 'notfound' | 'schema' | null;
  phase: 'before' | 'after' | null;
  /** Writes: whether the backend performed it. null for reads. */
  applied: boolean | null;
  /** Whether the answer was written (false: dropped, or the client had gone). */
  answered: boolean;
  durationMs: number | null;
}

export interface StoredVote {
  key: VoteKey | null;
  votedAt: string;
  qualifications: QualificationKey[];
}

export interface BackendState {
  proposals: Record<
    string,
    { consultationId: string; status: string; votes: Tally; qualifications: Partial<Record<QualificationKey, number>> }
  >;
  /** participantId → proposalId → stored vote (withdrawals kept with `key: null`). */
  votes: Record<string, Record<string, StoredVote>>;
  /** Proposals whose tally is not seed + stored votes: empty when nothing was lost or counted twice. */
  mismatches: { proposalId: string; actual: unknown; expected: unknown }[];
}

export interface TestBackend {
  scope: string | null;
  /** Give this to the REST adapter. */
  endpoint: string;
  reset(seed?: { consultations?: unknown[]; proposals?: unknown[] }): Promise<{ ok: true; scope: string }>;
  /** Issue 10: turns server-issued participants on or off, or makes every issued token fail (401). */
  issuance(config?: { offered?: boolean; revoke?: boolean }): Promise<{ offered: boolean; issued: number; valid: number }>;
  setFaults(faults?: FaultConfig): Promise<{ faults: FaultConfig }>;
  clearFaults(): Promise<{ faults: FaultConfig }>;
  getFaults(): Promise<{ faults: FaultConfig; remaining429: number; injected: number }>;
  malformed(config: MalformedConfig): Promise<{ malformed: MalformedConfig }>;
  log(since?: number): Promise<LogEntry[]>;
  state(consultationId?: string): Promise<BackendState>;
}

export function uniqueScope(prefix?: string): string;
export function testBackend(options?: { scope?: string | null; origin?: string; prefix?: string }): TestBackend;
