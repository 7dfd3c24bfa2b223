// Registers `adapter="rest"`: `<consult-consultation adapter="rest" endpoint="https://…/api/v1">`.
// A side-effect entry (`consult-widgets/rest`, included in the full bundles), so a page that only
// needs the local adapter does not carry the HTTP client and its delivery queue.
import { registerAdapter, singleton } from './registry.js';
import { RestAdapter } from './rest.js';

registerAdapter('rest', (element) => {
  const endpoint = element.getAttribute('endpoint');
  if (!endpoint) throw new Error('adapter="rest" needs an endpoint attribute (the URL of protocol v1).');
  // One adapter (one cache, one outbox) per endpoint, shared by every widget that names it.
  return singleton(`rest ${endpoint}`, () => new RestAdapter({ endpoint }))(element);
});
