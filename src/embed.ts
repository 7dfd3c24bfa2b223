// The `<script type="module" src>` embed (dist/consult-widgets.min.js): registers the card and the
// consultation provider at once, and the sequence, the propose form and the results the first time
// a page shows them (src/internal/autoload.ts), so a page with one poll does not download the rest.
// `consult-widgets/define` registers every element eagerly, for bundler users.
import './components/consultation/consultation.js';
import './components/proposal/proposal.js';
import { registerRestAttribute } from './adapters/rest-attribute.js';
import { RestAdapter } from './adapters/rest-lazy.js';
import { startAutoload } from './internal/autoload.js';

registerRestAttribute((options) => new RestAdapter(options));
startAutoload();

// Not './index.js': that names the lazily loaded widgets' classes, which would pull them in here.
export * from './core.js';
// The REST adapter's code (HTTP client, outbox, issued identity) arrives when a page first makes one.
export { RestAdapter, type RestAdapterOptions } from './adapters/rest-lazy.js';
export { loadWidget } from './internal/autoload.js';
