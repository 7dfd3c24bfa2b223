import type { ConsultAdapter } from './adapter.js';
import { registerAdapter, singleton } from './registry.js';

/**
 * Makes `adapter="rest"` (with an `endpoint` attribute) resolve to one adapter per endpoint (one
 * cache, one outbox), shared by every widget that names it; `create` makes it (the module embed's
 * loads its code on first use, the full bundles' is the class itself).
 */
export function registerRestAttribute(create: (options: { endpoint: string }) => ConsultAdapter): void {
  registerAdapter('rest', (element) => {
    const endpoint = element.getAttribute('endpoint');
    if (!endpoint) throw new Error('adapter="rest" needs an endpoint attribute (the URL of protocol v1).');
    return singleton(`rest ${endpoint}`, () => create({ endpoint }))(element);
  });
}
