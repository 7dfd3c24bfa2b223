// No Svelte here: what svelte-check would see of the package's Svelte typings
// (consult-widgets/svelte), checked with plain tsc. Each `@ts-expect-error` must meet an error.
import type {} from 'consult-widgets/svelte';
import { MemoryAdapter, type ConsultErrorDetail, type ConsultVoteDetail } from 'consult-widgets';

type Card = svelteHTML.IntrinsicElements['consult-proposal'];
type Form = svelteHTML.IntrinsicElements['consult-propose'];

export const card: Card = {
  'proposal-id': 'p1',
  adapter: new MemoryAdapter(),
  live: true,
  class: 'card',
  // Svelte 5's event attribute and Svelte 4's directive, both with the typed detail.
  'onconsult-vote': (event) => void (event.detail satisfies ConsultVoteDetail),
  'on:consult-vote': (event) => void (event.detail.delivery satisfies 'acknowledged' | 'pending'),
  'onconsult-error': (event) => void (event.detail satisfies ConsultErrorDetail),
};
export const named: Card = { adapterName: 'summit' };
export const form: Form = { consultationId: 'c1' };

// @ts-expect-error Svelte sets `adapter` as the property: a name there would be a string adapter.
export const nameAsAdapter: Card = { adapter: 'summit' };
// @ts-expect-error show-results takes one of three words.
export const wrongWord: Card = { 'show-results': 'sometimes' };
// @ts-expect-error a vote's detail is not an error's.
export const wrongDetail: Card = { 'onconsult-vote': (event: CustomEvent<ConsultErrorDetail>) => event };
// @ts-expect-error `consultation` is the form's own state in Svelte's eyes (a property of that name).
export const shadowed: Form = { consultation: 'c1' };
