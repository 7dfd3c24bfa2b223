// Issue 10, proof of work at issuance, end to end: the REST adapter in Chromium against a real
// consult-server (another origin) that asks a proof of work before issuing a participant, at its
// default difficulty. The adapter solves the challenge itself (altcha-lib's solver, a lazy chunk),
// gets an identity, and its vote is delivered with the issued token and counted as issued. A card
// waits for the proof at its first load (it reads the participant's votes as the issued
// participant), then votes at once. Solve times are printed (docs/server.md).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { solveChallenge } from 'altcha-lib/v1';
import { ISSUED_STORAGE_PREFIX } from '../../src/adapters/issued.js';
import { anonymousParticipantId } from '../../src/adapters/participant.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import { loaded } from '../helpers/card.js';
import { consultServerEndpoint } from '../support/consult-server-client.js';

const issued = (endpoint: string) =>
  JSON.parse(localStorage.getItem(`${ISSUED_STORAGE_PREFIX}${endpoint}`) ?? 'null') as { participantId: string; token: string } | null;

async function counted(endpoint: string) {
  const data = await (await fetch(`${endpoint}/consultations/e2e/export.json`)).json();
  return data.proposals.find((p: { id: string }) => p.id === 'e2e-2') as { issuedVotes: { agree: number }; untrustedVotes: { agree: number } };
}

describe('RestAdapter → consult-server asking a proof of work', () => {
  beforeEach(async () => localStorage.removeItem(`${ISSUED_STORAGE_PREFIX}${await consultServerEndpoint('proofEndpoint')}`));

  it('refuses issuance without a proof (428), then the adapter solves one and its vote counts as issued', async () => {
    const endpoint = await consultServerEndpoint('proofEndpoint');
    const bare = await fetch(`${endpoint}/participants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"consultationId":"e2e"}' });
    expect(bare.status).to.equal(428);
    expect((await bare.json()).error.code).to.equal('proof_required');

    const adapter = new RestAdapter({ endpoint });
    const before = await counted(endpoint);
    const started = performance.now();
    await adapter.castVote({ proposalId: 'e2e-2', participantId: anonymousParticipantId(), key: 'agree', votedAt: new Date().toISOString() });
    await adapter.flush();
    console.log(`proof of work at the default difficulty, issuance and vote: ${Math.round(performance.now() - started)} ms`);
    const after = await counted(endpoint);
    expect(after.issuedVotes.agree, 'counted as an issued participant').to.equal(before.issuedVotes.agree + 1);
    expect(after.untrustedVotes.agree).to.equal(before.untrustedVotes.agree);
    const identity = issued(endpoint)!;
    expect(identity.participantId).to.match(/^i_/);
    // The vote went out with the token: the participant's votes open with it, and only with it.
    const mine = await fetch(`${endpoint}/participants/${identity.participantId}/votes?consultationId=e2e`, { headers: { authorization: `Bearer ${identity.token}` } });
    expect((await mine.json()).votes.map((v: { proposalId: string }) => v.proposalId)).to.include('e2e-2');
    expect((await fetch(`${endpoint}/participants/${identity.participantId}/votes?consultationId=e2e`)).status).to.equal(401);
    await adapter.dispose();
  });

  it('a card waits for the proof once, at its first load (loading state), then votes at once and is counted as issued', async () => {
    const endpoint = await consultServerEndpoint('proofEndpoint');
    // The challenge arrives 1.5 s late: the proof surely takes that long.
    const slowChallenge: typeof fetch = async (input, init) => {
      if (String(input).includes('/participants/challenge')) await new Promise((resolve) => setTimeout(resolve, 1500));
      return fetch(input, init);
    };
    const adapter = new RestAdapter({ endpoint, fetch: slowChallenge });
    const before = await (await fetch(`${endpoint}/consultations/e2e/export.json`)).json();
    const mounted = performance.now();
    const card = await fixture<ConsultProposalElement>(html`<consult-proposal proposal-id="e2e-1" .adapter=${adapter}></consult-proposal>`);
    // The card reads the participant's votes as the issued participant: the first load obtains it.
    expect(card.shadowRoot!.querySelector('[aria-busy="true"]'), 'loading while the proof runs').to.not.equal(null);
    await loaded(card);
    const ready = performance.now() - mounted;
    expect(ready, 'the first load waited for the proof').to.be.above(1500);
    await expect(card).to.be.accessible();
    const agree = card.shadowRoot!.querySelector<HTMLButtonElement>('button.agree')!;
    const clicked = performance.now();
    agree.click();
    await waitUntil(() => agree.getAttribute('aria-pressed') === 'true', 'the vote shows as chosen', { timeout: 1000 });
    const shown = performance.now() - clicked;
    await adapter.flush();
    console.log(`card: ready after ${Math.round(ready)} ms (challenge delayed 1500 ms), vote shown ${Math.round(shown)} ms after the click`);
    const after = await (await fetch(`${endpoint}/consultations/e2e/export.json`)).json();
    const agreeIssued = (data: { proposals: Array<{ id: string; issuedVotes: { agree: number } }> }) => data.proposals.find((p) => p.id === 'e2e-1')!.issuedVotes.agree;
    expect(agreeIssued(after)).to.equal(agreeIssued(before) + 1);
    await adapter.dispose();
  });

  it('measures the solver in this Chromium (altcha-lib v1, SHA-256): worst case per difficulty', async function () {
    this.timeout(60_000);
    for (const maxnumber of [10_000, 20_000, 50_000]) {
      const salt = `${crypto.randomUUID()}?expires=9999999999&`;
      // The worst case: the number is the largest, every candidate tried.
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(salt + maxnumber)));
      const challenge = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
      const started = performance.now();
      const solution = await solveChallenge(challenge, salt, 'SHA-256', maxnumber).promise;
      const ms = performance.now() - started;
      expect(solution?.number).to.equal(maxnumber);
      console.log(`solver, maxnumber ${maxnumber}: ${Math.round(ms)} ms worst case (${Math.round(ms / 2)} ms on average)`);
    }
  });
});
