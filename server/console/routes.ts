/**
 * The console's places, in the URL's fragment (the page is one static file: a reload or a shared
 * link opens the same view): `#/consultations`, `#/consultations/<id>/<tab>` (one tab of
 * CONSULTATION_TABS), `#/polls/new`, `#/consultations/new`, `#/operators`, and `#invite=<token>`, the
 * link an invited operator receives (the token never reaches a log).
 */

/**
 * The views of one consultation, in the order of its tab bar. Each names who may open it: a
 * moderator's tab bar shows only what a moderator can use (the server refuses the rest anyway).
 */
export const CONSULTATION_TABS = [
  { tab: 'moderation', role: 'moderator' },
  { tab: 'dashboard', role: 'moderator' },
  { tab: 'trust', role: 'admin' },
  { tab: 'audit', role: 'moderator' },
  { tab: 'settings', role: 'admin' },
  { tab: 'embed', role: 'moderator' },
] as const satisfies readonly { tab: string; role: 'moderator' | 'admin' }[];

export type ConsultationTab = (typeof CONSULTATION_TABS)[number]['tab'];

export type Route =
  | { view: 'consultations' }
  | { view: ConsultationTab; consultationId: string }
  | { view: 'new-poll' }
  | { view: 'new-consultation' }
  | { view: 'operators' }
  | { view: 'invite'; token: string };

const isTab = (part: string | undefined): part is ConsultationTab => CONSULTATION_TABS.some((t) => t.tab === part);

/** The tabs this role may open. */
export const tabsFor = (role: 'moderator' | 'admin'): ConsultationTab[] => CONSULTATION_TABS.filter((t) => role === 'admin' || t.role === 'moderator').map((t) => t.tab);

export function parseRoute(hash: string): Route {
  const invite = /^#invite=([A-Za-z0-9_-]*)$/.exec(hash);
  if (invite) return { view: 'invite', token: invite[1] ?? '' };
  const parts = hash.replace(/^#\/?/, '').split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  if (parts[0] === 'polls' && parts[1] === 'new') return { view: 'new-poll' };
  if (parts[0] === 'consultations' && parts[1] === 'new' && !parts[2]) return { view: 'new-consultation' };
  if (parts[0] === 'consultations' && parts[1] && isTab(parts[2])) return { view: parts[2], consultationId: parts[1] };
  if (parts[0] === 'operators') return { view: 'operators' };
  return { view: 'consultations' };
}

export function hrefOf(route: Route): string {
  if ('consultationId' in route) return `#/consultations/${encodeURIComponent(route.consultationId)}/${route.view}`;
  switch (route.view) {
    case 'new-poll':
      return '#/polls/new';
    case 'new-consultation':
      return '#/consultations/new';
    case 'operators':
      return '#/operators';
    case 'invite':
      return `#invite=${route.token}`;
    default:
      return '#/consultations';
  }
}
