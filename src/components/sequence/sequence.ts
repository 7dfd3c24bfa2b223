// The widgets a sequence shows are its dependencies: registering it registers them (and, through
// each, the <consult-consultation> it may sit in).
import '../proposal/proposal.js';
import '../propose/propose.js';
import '../results/results.js';
import { ConsultSequenceElement } from './sequence.component.js';

export { ConsultSequenceElement };

if (!customElements.get('consult-sequence')) {
  customElements.define('consult-sequence', ConsultSequenceElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'consult-sequence': ConsultSequenceElement;
  }
}
