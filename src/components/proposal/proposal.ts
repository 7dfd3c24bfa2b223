// A card works inside a <consult-consultation> (its adapter, consultation and participant-id):
// registering the card registers it too, first, so cards inside find it as they upgrade.
import '../consultation/consultation.js';
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
