// As every widget entry: the <consult-consultation> it may sit in is registered with it.
import '../consultation/consultation.js';
import { composeMemoryResults } from '../../adapters/memory-results.js';
import { ConsultResultsElement } from './results.component.js';

// Whatever registers the results widget gives the memory and local adapters their results.
composeMemoryResults();

export { ConsultResultsElement };

if (!customElements.get('consult-results')) {
  customElements.define('consult-results', ConsultResultsElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'consult-results': ConsultResultsElement;
  }
}
