// End to end: the REST adapter in Chromium against the real reference server (consult-server,
// SQLite), on another origin, as a partner page would use it: CORS preflights, the server's own
// answers and refusals.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
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
}));
