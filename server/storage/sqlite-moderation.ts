/**
 * SQLite's side of the moderation queue (issue 12): the plans of moderation-rows.ts run
 * synchronously inside one group commit (`write`), so each is atomic; reads run as they come.
 */
import type { DecisionOperator, ModerationDecision, ProposalClaim } from 'consult-widgets/protocol/admin';
import { forSqlite, sqliteParams as params } from './cohort-rows.js';
import * as queue from './moderation-rows.js';
import type { LogFilter, Plan, QueueStep, Row, ThemeWrite } from './moderation-rows.js';
import { decisionOf, type ModerationRow } from './shared.js';
import { SqliteCohorts } from './sqlite-cohorts.js';

export abstract class SqliteModeration extends SqliteCohorts implements queue.ModerationStorage {
  private readonly prepared = new Map<string, ReturnType<SqliteCohorts['db']['prepare']>>();

  private statement(sql: string) {
    let s = this.prepared.get(sql);
    if (!s) this.prepared.set(sql, (s = this.db.prepare(forSqlite(sql))));
    return s;
  }

  private rows(sql: string, values: unknown[]): Row[] {
    const s = this.statement(sql);
    if (s.reader) return s.all(params(...values)) as Row[];
    s.run(params(...values));
    return [];
  }

  /** Runs a plan to its end; call it inside `write` for a plan that writes. */
  protected run<T>(plan: Plan<T>): T {
    let rows: Row[] = [];
    for (;;) {
      const step = plan.next(rows);
      if (step.done) return step.value;
      rows = this.rows(step.value.sql, step.value.values);
    }
  }

  async moderationCounts(consultationId: string, now: number) {
    return queue.countsOf(this.rows(queue.COUNTS_SQL, [consultationId, now])[0]!);
  }

  async stepQueue(step: QueueStep) {
    return this.write(() => this.run(queue.stepPlan(step)));
  }

  async claimProposal(proposalId: string, operator: DecisionOperator, now: number, expiresAt: number) {
    return this.write(() => this.run(queue.claimPlan(proposalId, operator, now, expiresAt)));
  }

  async claimOf(proposalId: string, now: number): Promise<ProposalClaim | null> {
    return queue.claimOf(this.rows(queue.CLAIM_OF_ID_SQL, [proposalId, now])[0]);
  }

  async releaseClaim(proposalId: string, operatorId: string): Promise<boolean> {
    return this.write(() => this.statement(queue.RELEASE_SQL).run(params(proposalId, operatorId)).changes > 0);
  }

  async releaseClaimsOf(operatorId: string): Promise<number> {
    return this.write(() => this.statement(queue.RELEASE_ALL_SQL).run(params(operatorId)).changes);
  }

  async changeTheme(w: ThemeWrite) {
    return this.write(() => this.run(queue.themePlan(w)));
  }

  async proposalHistory(proposalId: string) {
    const [row] = this.rows(queue.SEQ_SQL, [proposalId]);
    if (!row) return null;
    const decisions: ModerationDecision[] = this.rows(queue.PROPOSAL_DECISIONS_SQL, [row.seq]).map((r) => decisionOf(r as unknown as ModerationRow));
    return { decisions, themeChanges: this.rows(queue.THEME_CHANGES_SQL, [row.seq]).map(queue.themeChangeOf) };
  }

  async moderationEntries(consultationId: string, filter: LogFilter) {
    return queue.logPageOf(this.rows(queue.logSql(filter.order), queue.logValues(consultationId, filter)), filter.limit);
  }
}
