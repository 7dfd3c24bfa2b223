// consult-widgets/react: the widgets as React components (@lit/react), for React 18 and 19.
// Objects go to properties (`adapter={…}`), the consult-* events to `onConsult…` props with typed
// details. Importing this module defines the elements it wraps. React 19 users may also write the
// elements themselves with the JSX types of `consult-widgets/react-jsx` (README "Frameworks").
// react and @lit/react are optional peer dependencies: only this entry imports them.
import { createComponent } from '@lit/react';
import * as React from 'react';
import { ConsultConsultationElement } from '../components/consultation/consultation.js';
import { ConsultProposalElement } from '../components/proposal/proposal.js';
import { ConsultProposeElement } from '../components/propose/propose.js';
import { ConsultResultsElement } from '../components/results/results.js';
import { ConsultSequenceElement } from '../components/sequence/sequence.js';
import { consultationEvents, proposalEvents, proposeEvents, resultsEvents, sequenceEvents } from './events.js';

export { consultationEvents, proposalEvents, proposeEvents, resultsEvents, sequenceEvents };

/** `<consult-proposal>`: one proposal to vote on and qualify. */
export const ConsultProposal = /*#__PURE__*/ createComponent({
  react: React,
  tagName: 'consult-proposal',
  elementClass: ConsultProposalElement,
  events: proposalEvents,
  displayName: 'ConsultProposal',
});

/** `<consult-consultation>`: one adapter, consultation and participant for the widgets inside. */
export const ConsultConsultation = /*#__PURE__*/ createComponent({
  react: React,
  tagName: 'consult-consultation',
  elementClass: ConsultConsultationElement,
  events: consultationEvents,
  displayName: 'ConsultConsultation',
});

/** `<consult-sequence>`: the consultation as a journey, one card at a time. */
export const ConsultSequence = /*#__PURE__*/ createComponent({
  react: React,
  tagName: 'consult-sequence',
  elementClass: ConsultSequenceElement,
  events: sequenceEvents,
  displayName: 'ConsultSequence',
});

/** `<consult-propose>`: the form for new ideas. */
export const ConsultPropose = /*#__PURE__*/ createComponent({
  react: React,
  tagName: 'consult-propose',
  elementClass: ConsultProposeElement,
  events: proposeEvents,
  displayName: 'ConsultPropose',
});

/** `<consult-results>`: popular and divisive ideas, counters. */
export const ConsultResults = /*#__PURE__*/ createComponent({
  react: React,
  tagName: 'consult-results',
  elementClass: ConsultResultsElement,
  events: resultsEvents,
  displayName: 'ConsultResults',
});
