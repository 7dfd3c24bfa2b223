import { ConsultProposalElement } from './proposal.component.js';

export { ConsultProposalElement };

if (!customElements.get('consult-proposal')) {
  customElements.define('consult-proposal', ConsultProposalElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'consult-proposal': ConsultProposalElement;
  }
}
