import { ConsultResultsElement } from './results.component.js';

export { ConsultResultsElement };

if (!customElements.get('consult-results')) {
  customElements.define('consult-results', ConsultResultsElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'consult-results': ConsultResultsElement;
  }
}
