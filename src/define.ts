// Registers every consult-widgets element. The <consult-consultation> provider goes first so the
// widgets inside it find their adapter as soon as they upgrade.
import './components/consultation/consultation.js';
import './components/proposal/proposal.js';
import './adapters/rest-registration.js';

export * from './index.js';
