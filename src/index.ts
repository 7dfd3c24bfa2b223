// Side-effect free: importing this registers no element. Import 'consult-widgets/define' (or one
// widget's entry, e.g. 'consult-widgets/proposal') to register tags.
export * from './core.js';
export { RestAdapter, type RestAdapterOptions } from './adapters/rest.js';
export { withDelivery, type DeliveryOptions, type DeliveringAdapter } from './adapters/delivery.js';
export { Outbox, type OutboxEntry, type OutboxWrite, type OutboxOptions, type AttemptResult } from './adapters/outbox.js';
export { ConsultSequenceElement } from './components/sequence/sequence.component.js';
export { ConsultProposeElement } from './components/propose/propose.component.js';
export { ConsultResultsElement } from './components/results/results.component.js';
export { composeMemoryResults } from './adapters/memory-results.js';
