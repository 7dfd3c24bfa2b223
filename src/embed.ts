// The `<script type="module" src>` embed (dist/consult-widgets.min.js): registers the card and the
// consultation provider at once, and the sequence, the propose form and the results the first time
// a page shows them (src/internal/autoload.ts), so a page with one poll does not download the rest.
// `consult-widgets/define` registers every element eagerly, for bundler users.
import './components/consultation/consultation.js';
import './components/proposal/proposal.js';
import './adapters/rest-registration.js';
import { startAutoload } from './internal/autoload.js';

startAutoload();

// Not './index.js': that names the lazily loaded widgets' classes, which would pull them in here.
export * from './core.js';
export { loadWidget } from './internal/autoload.js';
