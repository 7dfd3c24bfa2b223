import { ConsultConsultationElement } from './consultation.component.js';

export { ConsultConsultationElement };

if (!customElements.get('consult-consultation')) {
  customElements.define('consult-consultation', ConsultConsultationElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'consult-consultation': ConsultConsultationElement;
  }
}
