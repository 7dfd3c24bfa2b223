/**
 * Which consultation a request is about, and that consultation's settings, cached: CORS, signing
 * and rate limits ask on every request, the database should not. A proposal never moves to another
 * consultation, so that mapping is kept; settings are re-read after a few seconds, so a
 * consultation closed or re-configured through another server process is seen soon (the write
 * itself re-checks `closed` inside its transaction).
 */
import type { AdminConsultation } from 'consult-widgets/protocol/admin';
import type { Storage } from '../storage/storage.js';

const SETTINGS_TTL_MS = 3000;
const MAX_PROPOSALS_CACHED = 200_000;

export class Directory {
  private readonly proposals = new Map<string, string>();
  private readonly settings = new Map<string, { at: number; value: Promise<AdminConsultation | null> }>();

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  async consultationOfProposal(proposalId: string): Promise<string | null> {
    const known = this.proposals.get(proposalId);
    if (known) return known;
    const found = await this.storage.consultationOfProposal(proposalId);
    if (found) {
      if (this.proposals.size >= MAX_PROPOSALS_CACHED) this.proposals.clear();
      this.proposals.set(proposalId, found);
    }
    return found;
  }

  /** The consultation with its configuration (counts may be a few seconds old). */
  consultation(consultationId: string): Promise<AdminConsultation | null> {
    const now = this.now();
    const cached = this.settings.get(consultationId);
    if (cached && now - cached.at < SETTINGS_TTL_MS) return cached.value;
    const value = this.storage.getConsultation(consultationId);
    // Unknown ids are not remembered: a flood of random ids must not fill memory.
    void value.then((c) => (c ? undefined : this.settings.delete(consultationId)), () => this.settings.delete(consultationId));
    this.settings.set(consultationId, { at: now, value });
    return value;
  }

  /** Forget a consultation's settings after this process changed them. */
  invalidate(consultationId: string): void {
    this.settings.delete(consultationId);
  }

  /**
   * The consultation a routed protocol request concerns, from the params and query fastify parsed
   * for its route (never from the raw URL, which may be spelled in many ways): `consultationId` in
   * the path, the consultation of `proposalId`, or for `/participants/…` the `consultationId`
   * query value. Null when there is none.
   */
  async consultationOfRoute(params: Record<string, unknown>, query: Record<string, unknown>): Promise<string | null> {
    const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
    const consultationId = text(params.consultationId);
    if (consultationId) return consultationId;
    const proposalId = text(params.proposalId);
    if (proposalId) return /^[A-Za-z0-9_-]{1,128}$/.test(proposalId) ? this.consultationOfProposal(proposalId) : null;
    if (text(params.participantId)) return text(query.consultationId);
    return null;
  }
}
