// Registers every consult-widgets element at once (the module embed, src/embed.ts, loads the
// sequence, the form and the results only when a page shows them). The <consult-consultation>
// provider goes first so the widgets inside it find their adapter as soon as they upgrade.
import './components/consultation/consultation.js';
import './components/proposal/proposal.js';
import './components/sequence/sequence.js';
import './components/propose/propose.js';
import './components/results/results.js';
import './adapters/rest-registration.js';

export * from './index.js';
