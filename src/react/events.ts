// Which React prop listens to which DOM event, per element. Kept apart from the wrappers (no React,
// no element import) so a Node test can hold it against custom-elements.json's `@event`s.
import type { EventName } from '@lit/react';
import type { ConsultEventMap } from '../internal/events.js';

/** The event's name, carrying its `CustomEvent<Detail>` type for `createComponent`'s typed props. */
const on = <K extends keyof ConsultEventMap>(name: K) => name as EventName<ConsultEventMap[K]>;

// Each element's own events (its JSDoc `@event`s), plus for the containers those that bubble out of
// the widgets they render: all consult-* events bubble and are composed, so a handler on
// <ConsultSequence> hears its cards' votes, and one on <ConsultConsultation> every widget's events.
const card = {
  onConsultBeforeVote: on('consult-before-vote'),
  onConsultVote: on('consult-vote'),
  onConsultQualify: on('consult-qualify'),
  onConsultError: on('consult-error'),
  onConsultReady: on('consult-ready'),
};
const form = { onConsultSubmit: on('consult-submit'), onConsultError: on('consult-error') };
const results = { onConsultResults: on('consult-results'), onConsultError: on('consult-error') };
const sequence = {
  ...card,
  ...form,
  onConsultSequenceStep: on('consult-sequence-step'),
  onConsultSequenceComplete: on('consult-sequence-complete'),
};

export const proposalEvents = card;
export const proposeEvents = form;
export const resultsEvents = results;
export const sequenceEvents = sequence;
export const consultationEvents = { ...sequence, ...results };

/** Per tag, for the generated React 19 JSX types (scripts/types-react.mjs): the same events as the wrappers. */
export const eventsByTag = {
  'consult-proposal': proposalEvents,
  'consult-consultation': consultationEvents,
  'consult-sequence': sequenceEvents,
  'consult-propose': proposeEvents,
  'consult-results': resultsEvents,
};
