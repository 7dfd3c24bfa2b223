// End to end: the REST adapter in Chromium against the real reference server (consult-server,
// SQLite), on another origin, as a partner page would use it: CORS preflights, the server's own
// answers and refusals.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ISSUED_STORAGE_PREFIX } from '../../src/adapters/issued.js';
import { anonymousParticipantId } from '../../src/adapters/participant.js';
import { RestAdapter } from '../../src/adapters/rest.js';
import { runAdapterContract } from '../../src/testing/index.js';
import type { ConsultProposalElement } from '../../src/components/proposal/proposal.component.js';
import { voteAgreeWithKeyboard } from '../helpers/card.js';
import { failure } from '../helpers/rest.js';
import { consultServerEndpoint } from '../support/consult-server-client.js';

const fresh = async () => new RestAdapter({ endpoint: await consultServerEndpoint() });

describe('RestAdapter → consult-server (cross-origin)', () => {
  it('a card voted with the keyboard is counted by the server', async () => {
    const adapter = await fresh();
    const before = (await adapter.getProposal('e2e-1')).votes.agree;
    await voteAgreeWithKeyboard(adapter, 'e2e-1');
    await adapter.flush();
    const after = await (await fetch(`${await consultServerEndpoint()}/proposals/e2e-1`)).json();
    expect(after.votes.agree).to.equal(before + 1);
  });

  it('votes as a participant the server issued: counted as issued, and its votes closed to anyone without its token', async () => {
    const endpoint = await consultServerEndpoint();
    const adapter = await fresh();
    const counted = async () => {
      const data = await (await fetch(`${endpoint}/consultations/e2e/export.json`)).json();
      return data.proposals.find((p: { id: string }) => p.id === 'e2e-3') as { issuedVotes: { neutral: number }; untrustedVotes: { neutral: number } };
    };
    const before = await counted();
    await adapter.castVote({ proposalId: 'e2e-3', participantId: anonymousParticipantId(), key: 'neutral', votedAt: new Date().toISOString() });
    await adapter.flush();
    const after = await counted();
    expect(after.issuedVotes.neutral).to.equal(before.issuedVotes.neutral + 1);
    expect(after.untrustedVotes.neutral).to.equal(before.untrustedVotes.neutral);
    const identity = JSON.parse(localStorage.getItem(`${ISSUED_STORAGE_PREFIX}${endpoint}`)!) as { participantId: string };
    expect(identity.participantId).to.match(/^i_/);
    const open = await fetch(`${endpoint}/participants/${identity.participantId}/votes?consultationId=e2e`);
    expect(open.status).to.equal(401);
    const mine = await adapter.getParticipantVotes(anonymousParticipantId(), 'e2e');
    expect(mine.find((v) => v.proposalId === 'e2e-3')?.key).to.equal('neutral');
  });

  it('a consultation that does not list this page\'s origin cannot be embedded here', async () => {
    const adapter = await fresh();
    // The browser blocks the answer (no Access-Control-Allow-Origin): to the page it is a network failure.
    expect((await failure(adapter.getConsultation('e2e-partner'))).code).to.equal('network');
    const card = await fixture<ConsultProposalElement>(
      html`<consult-proposal proposal-id="e2e-partner-1" .adapter=${adapter}></consult-proposal>`,
    );
    await waitUntil(() => card.shadowRoot!.querySelector('[role="alert"]') !== null, 'the card shows an error', { timeout: 8000 });
    await expect(card).to.be.accessible();
  });
});

runAdapterContract('RestAdapter → consult-server', async () => ({
  adapter: await fresh(),
  consultationId: 'e2e',
  proposalIds: ['e2e-1', 'e2e-2', 'e2e-3'],
  closedProposalId: 'e2e-closed-1',
  // consult-server erases only with the participant's token: the browser's own, issued identity.
  erasableParticipantId: anonymousParticipantId(),
}));

// The rules that must survive a reload (last writer wins, requestId, votes read back), each step
// on a new RestAdapter: only the server and the site's storage carry anything between them.
runAdapterContract('RestAdapter → consult-server, a new adapter per step', async () => ({
  createAdapter: fresh,
  consultationId: 'e2e',
  proposalIds: ['e2e-1', 'e2e-2', 'e2e-3'],
  closedProposalId: 'e2e-closed-1',
  erasableParticipantId: anonymousParticipantId(),
}));
