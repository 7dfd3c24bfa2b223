// Registers `adapter="rest"`: `<consult-consultation adapter="rest" endpoint="https://…/api/v1">`.
// A side-effect entry (`consult-widgets/rest`, included in the full bundles), so a page that only
// needs the local adapter does not carry the HTTP client and its delivery queue.
import { registerRestAttribute } from './rest-attribute.js';
import { RestAdapter } from './rest.js';

registerRestAttribute((options) => new RestAdapter(options));
