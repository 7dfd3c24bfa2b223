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
