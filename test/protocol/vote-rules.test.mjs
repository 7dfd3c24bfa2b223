// @ts-check
/**
 * Protocol v1's write rules live once (src/protocol/vote-rules.ts); the memory adapter and the
 * reference server's storages (server/storage/rules.ts, with its counters and trust levels) turn
 * them into their own writes. Here random write sequences go through the memory adapter and the
 * server's SQLite storage and must leave the same tallies, qualification counts and refusals.
 *
 *   npm run build && node --test test/protocol/vote-rules.test.mjs
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QUALIFICATION_KEYS, VOTE_KEYS } from 'consult-widgets/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from 'consult-server';

/** @import { ImportFile } from 'consult-widgets/protocol/admin' */
// The built adapter, typed by its source (typecheck runs before any build).
const { MemoryAdapter } = /** @type {typeof import('../../src/adapters/memory.js')} */ (
  await import(new URL('../../dist/adapters/memory.js', import.meta.url).href)
);

const TRUST_LEVELS = ['host', 'issued', 'untrusted'];
const PROPOSALS = ['p1', 'p2'];
/** @type {ImportFile} */
const FILE = {
  consultation: {
    id: 'rules',
    title: 'Rules',
    question: 'Do both agree?',
    locale: 'en',
    status: 'open',
    proposalPrefix: null,
    proposalMinLength: 12,
    proposalMaxLength: 140,
    themes: [],
    allowedOrigins: [],
    requireSignedParticipants: false,
    countUntrusted: true,
  },
  proposals: PROPOSALS.map((id) => ({ id, content: `Proposal ${id}: more bike lanes`, themeId: null, status: 'accepted' })),
};

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (next, list) => list[Math.floor(next() * list.length)];

describe('vote and qualification rules: memory adapter and server storage agree', () => {
  it('200 random write sequences leave the same tallies, qualification counts and refusals', async (t) => {
    const folder = mkdtempSync(join(tmpdir(), 'vote-rules-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    // One of each for every sequence (new participants each time): the tallies add up alike.
    const memory = new MemoryAdapter({ openWorld: true });
    const server = await openStorage(join(folder, 'rules.db'), { sqliteSynchronous: 'normal' });
    t.after(() => server.close());
    await server.importConsultation(FILE, '2025-02-01T00:00:00.000Z');
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const participants = [`participant-a${seed}`, `participant-b${seed}`, `participant-c${seed}`];
      const proposals = PROPOSALS;
      const base = Date.parse('2025-02-01T10:00:00Z');
      for (let step = 0; step < 25; step++) {
        const participantId = pick(next, participants);
        const proposalId = pick(next, proposals);
        // Times go mostly forward, sometimes back (a late delivery of an older click).
        const votedAt = base + step * 1000 - (next() < 0.25 ? 5000 : 0);
        if (next() < 0.55) {
          const key = next() < 0.15 ? null : pick(next, VOTE_KEYS);
          await memory.castVote({ participantId, proposalId, key, votedAt: new Date(votedAt).toISOString() });
          const written = await server.vote({ participantId, proposalId, key, votedAt: new Date(votedAt).toISOString(), trust: pick(next, TRUST_LEVELS), receivedAt: base + 60_000 });
          if ('refused' in written) assert.fail(`seed ${seed}, step ${step}: ${written.message}`);
        } else {
          const qualification = pick(next, QUALIFICATION_KEYS);
          const active = next() < 0.7;
          const remembered = await memory.qualify({ participantId, proposalId, qualification, active, votedAt: new Date(votedAt).toISOString() }).then(
            () => 'ok',
            (error) => error.code,
          );
          const stored = await server.qualify({ participantId, proposalId, qualification, active });
          assert.equal(remembered, 'refused' in stored ? stored.refused : 'ok', `seed ${seed}, step ${step}`);
        }
      }
      for (const proposalId of proposals) {
        const nonZero = (counts) => Object.fromEntries(Object.entries(counts ?? {}).filter(([, n]) => n > 0));
        const remembered = await memory.getProposal(proposalId);
        const stored = await server.getProposal(proposalId);
        assert.ok(stored, `seed ${seed}, ${proposalId} stored`);
        assert.deepEqual(remembered.votes, stored.votes, `seed ${seed}, ${proposalId} votes`);
        assert.deepEqual(nonZero(remembered.qualifications), nonZero(stored.qualifications), `seed ${seed}, ${proposalId} qualifications`);
      }
    }
  });
});
