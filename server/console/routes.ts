/**
 * The console's places, in the URL's fragment (the page is one static file: a reload or a shared
 * link opens the same view): `#/consultations`, `#/consultations/<id>/moderation`, `#/polls/new`,
 * `#/consultations/new`, `#/operators`, and `#invite=<token>`, the link an invited operator receives
 * (the token never reaches a log).
 */
export type Route =
  | { view: 'consultations' }
  | { view: 'moderation'; consultationId: string }
  | { view: 'new-poll' }
  | { view: 'new-consultation' }
  | { view: 'operators' }
  | { view: 'invite'; token: string };

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
  if (parts[0] === 'consultations' && parts[1] && parts[2] === 'moderation') return { view: 'moderation', consultationId: parts[1] };
  if (parts[0] === 'operators') return { view: 'operators' };
  return { view: 'consultations' };
}

export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'moderation':
      return `#/consultations/${encodeURIComponent(route.consultationId)}/moderation`;
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
