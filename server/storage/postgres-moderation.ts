/**
 * PostgreSQL's side of the moderation queue (issue 12): each plan of moderation-rows.ts is one
 * transaction. Proposals a plan reads to write are locked (FOR UPDATE, after the lock order of
 * postgres.ts: proposal rows, then claim rows); the queue's "next" skips those another
 * transaction holds, so operators asking at once, from any process, get different proposals at
 * once, and the claim's conditional upsert settles any race left.
 */
import type { Pool, PoolClient } from 'pg';
import type { DecisionOperator, ModerationDecision, ProposalClaim } from 'consult-widgets/protocol/admin';
import * as queue from './moderation-rows.js';
import type { LogFilter, Plan, QueueStep, Row, ThemeWrite } from './moderation-rows.js';
import { PostgresCohorts } from './postgres-cohorts.js';
import { inTransaction } from './postgres-transaction.js';
import { decisionOf, type ModerationRow } from './shared.js';

const LOCKS = { wait: ' FOR UPDATE', skip: ' FOR UPDATE OF p SKIP LOCKED' } as const;

export class PostgresModeration extends PostgresCohorts implements queue.ModerationStorage {
  /** Runs a plan in one transaction (a refusal rolls it back). */
  protected run<T>(plan: () => Plan<T>): Promise<T> {
    return inTransaction(this.pool, async (client: PoolClient) => {
      // A fresh generator per attempt: inTransaction runs a deadlocked transaction again.
      const steps = plan();
      let rows: Row[] = [];
      for (;;) {
        const step = steps.next(rows);
        if (step.done) return step.value;
        const { sql, values, lock } = step.value;
        rows = (await client.query<Row>(lock ? sql + LOCKS[lock] : sql, values)).rows;
      }
    });
  }

  private async rows(sql: string, values: unknown[]): Promise<Row[]> {
    return (await (this.pool as Pool).query<Row>(sql, values)).rows;
  }

  async moderationCounts(consultationId: string, now: number) {
    return queue.countsOf((await this.rows(queue.COUNTS_SQL, [consultationId, now]))[0]!);
  }

  async stepQueue(step: QueueStep) {
    return this.run(() => queue.stepPlan(step));
  }

  async claimProposal(proposalId: string, operator: DecisionOperator, now: number, expiresAt: number) {
    return this.run(() => queue.claimPlan(proposalId, operator, now, expiresAt));
  }

  async claimOf(proposalId: string, now: number): Promise<ProposalClaim | null> {
    return queue.claimOf((await this.rows(queue.CLAIM_OF_ID_SQL, [proposalId, now]))[0]);
  }

  async releaseClaim(proposalId: string, operatorId: string): Promise<boolean> {
    return ((await this.pool.query(queue.RELEASE_SQL, [proposalId, operatorId])).rowCount ?? 0) > 0;
  }

  async releaseClaimsOf(operatorId: string): Promise<number> {
    return (await this.pool.query(queue.RELEASE_ALL_SQL, [operatorId])).rowCount ?? 0;
  }

  async changeTheme(w: ThemeWrite) {
    return this.run(() => queue.themePlan(w));
  }

  async proposalHistory(proposalId: string) {
    const [row] = await this.rows(queue.SEQ_SQL, [proposalId]);
    if (!row) return null;
    const [decisions, changes] = await Promise.all([this.rows(queue.PROPOSAL_DECISIONS_SQL, [row.seq]), this.rows(queue.THEME_CHANGES_SQL, [row.seq])]);
    const decided: ModerationDecision[] = decisions.map((r) => decisionOf(r as unknown as ModerationRow));
    return { decisions: decided, themeChanges: changes.map(queue.themeChangeOf) };
  }

  async moderationEntries(consultationId: string, filter: LogFilter) {
    return queue.logPageOf(await this.rows(queue.logSql(filter.order), queue.logValues(consultationId, filter)), filter.limit);
  }
}
