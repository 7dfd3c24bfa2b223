import type { ConsultationTab } from './routes.js';

/**
 * The views the console loads only when an operator opens them (each its own chunk: the first load
 * carries the shell, sign-in, the list and moderation). A lazy view's module defines its own element;
 * the shell renders the element's tag at once and it upgrades when its chunk arrives.
 */
export const LAZY_VIEWS: Partial<Record<ConsultationTab, () => Promise<unknown>>> = {
  dashboard: () => import('./dashboard-view.js'),
  trust: () => import('./trust-view.js'),
  audit: () => import('./audit-view.js'),
  settings: () => import('./settings-view.js'),
  embed: () => import('./embed-view.js'),
};
