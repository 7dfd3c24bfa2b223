import { ContextRoot } from '@lit/context';
import { ConsultConsultationElement } from './consultation.component.js';

export { ConsultConsultationElement };

// Lets widgets that were upgraded before their <consult-consultation> find it once it is defined.
const rootKey = Symbol.for('consult-widgets.context-root');
const globals = globalThis as { [rootKey]?: ContextRoot };
if (!globals[rootKey]) {
  globals[rootKey] = new ContextRoot();
  globals[rootKey].attach(document.documentElement);
}

if (!customElements.get('consult-consultation')) {
  customElements.define('consult-consultation', ConsultConsultationElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'consult-consultation': ConsultConsultationElement;
  }
}
