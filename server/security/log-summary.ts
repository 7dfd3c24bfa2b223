/**
 * Logs that a flood cannot fill. fastify writes two lines per request; a flood answered with 429
 * wrote 28.9 MB in 10 s, and a full disk 44,900 stack traces in 25 s. Here:
 * - a served request (2xx/3xx) is one line, `request completed`, with its redacted URL (log.ts);
 * - refusals (every 4xx, limit hits, connections over the per-address cap, timed-out requests)
 *   are counted and written as one summary line per interval;
 * - a server error is logged in full the first time, then the same error is counted until it
 *   stops for a whole interval: one line per interval says how many more there were.
 */
import { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { ERROR_STATUS } from 'consult-widgets/protocol';

export const DEFAULT_LOG_SUMMARY_MS = 60_000;

/** `429 rate_limited`: the protocol's code for a status (one code per 4xx status). */
const LABELS = new Map<number, string>(Object.entries(ERROR_STATUS).map(([code, status]) => [status, `${status} ${code}`]));
const label = (status: number) => LABELS.get(status) ?? String(status);

interface Burst {
  message: string;
  repeated: number;
  seenSinceTick: boolean;
}

export class LogSummary {
  private refusals = new Map<string, number>();
  private limits = new Map<string, number>();
  private readonly bursts = new Map<string, Burst>();
  private log: FastifyBaseLogger | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = DEFAULT_LOG_SUMMARY_MS) {}

  /** Starts the periodic summary on this logger. */
  start(log: FastifyBaseLogger): void {
    this.log = log;
    this.timer = setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref(); // never keeps a process alive
  }

  /** Writes what is pending and stops (server close). */
  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }

  answered(status: number): void {
    const key = label(status);
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }

  /** A refusal by a limit: `address`, `participant` (429s, also counted by status), `connection`, `timeout`. */
  limited(kind: string): void {
    this.limits.set(kind, (this.limits.get(kind) ?? 0) + 1);
  }

  /** A 5xx: the first of a kind is logged with its stack; repeats are counted. */
  serverError(error: Error & { code?: string }, log: FastifyBaseLogger): void {
    const key = `${error.code ?? error.name}: ${error.message}`.slice(0, 300);
    const burst = this.bursts.get(key);
    if (burst) {
      burst.repeated++;
      burst.seenSinceTick = true;
      return;
    }
    this.bursts.set(key, { message: key, repeated: 0, seenSinceTick: true });
    log.error({ err: error }, 'request failed');
  }

  flush(): void {
    const log = this.log;
    if (!log) return;
    const seconds = Math.round(this.intervalMs / 1000);
    if (this.refusals.size > 0 || this.limits.size > 0) {
      const total = [...this.refusals.values()].reduce((a, b) => a + b, 0);
      log.info(
        { refusals: Object.fromEntries(this.refusals), limits: Object.fromEntries(this.limits) },
        `refused ${total} requests in the last ${seconds} s`,
      );
      this.refusals = new Map();
      this.limits = new Map();
    }
    for (const [key, burst] of this.bursts) {
      if (burst.repeated > 0) log.error({ repeated: burst.repeated, error: burst.message }, `the same server error ${burst.repeated} more times`);
      burst.repeated = 0;
      // Quiet for a whole interval: the burst is over, the next one is logged in full again.
      if (!burst.seenSinceTick) this.bursts.delete(key);
      burst.seenSinceTick = false;
    }
  }
}

/** fastify's log controller with one line per served request and refusals summarised. */
export function summarisingLogController(summary: LogSummary): LogController {
  const Controller = class extends LogController {
    override incomingRequest(): void {}

    override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
      if (this.isLogDisabled(request)) return;
      // 5xx are counted here and logged by the error handler (LogSummary.serverError).
      if (error || reply.statusCode >= 400) return summary.answered(reply.statusCode);
      request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }

    override routeNotFound(): void {}
  };
  return new Controller();
}
