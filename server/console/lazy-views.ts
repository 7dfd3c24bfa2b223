import type { Route } from './routes.js';

export type ViewName = Route['view'];

/**
 * The views the console loads only when an operator opens them (each its own chunk: the first load
 * carries the shell, sign-in, invitations, the list and moderation: what a moderator uses every
 * day). A lazy view's module defines its own element(s); the shell renders the tag once the chunk
 * has arrived.
 */
export const LAZY_VIEWS: Partial<Record<ViewName, () => Promise<unknown>>> = {
  'new-poll': () => import('./poll-view.js'),
  'new-consultation': () => import('./poll-view.js'),
  operators: () => import('./operators-view.js'),
  dashboard: () => import('./dashboard-view.js'),
  trust: () => import('./trust-view.js'),
  audit: () => import('./audit-view.js'),
  settings: () => import('./settings-view.js'),
  embed: () => import('./embed-view.js'),
};
