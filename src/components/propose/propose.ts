// As every widget entry: the <consult-consultation> it may sit in is registered with it.
import '../consultation/consultation.js';
import { ConsultProposeElement } from './propose.component.js';

export { ConsultProposeElement };

if (!customElements.get('consult-propose')) {
  customElements.define('consult-propose', ConsultProposeElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'consult-propose': ConsultProposeElement;
  }
}
