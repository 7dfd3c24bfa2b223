// A partner page's module: the real widget bundle, the REST adapter against the server that
// serves the page (/api/v1), and one <consult-proposal> for the idea named in `?proposal=`.
import { RestAdapter, registerAdapterInstance } from '/dist/consult-widgets.min.js';

registerAdapterInstance('server', new RestAdapter({ endpoint: '/api/v1' }));
const card = document.createElement('consult-proposal');
card.id = 'card';
card.setAttribute('adapter', 'server');
card.setAttribute('proposal-id', new URL(window.location.href).searchParams.get('proposal') ?? '');
document.querySelector('main').append(card);
