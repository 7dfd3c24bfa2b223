/**
 * The console's places, in the URL's fragment (the page is one static file: a reload or a shared
 * link opens the same view): `#/consultations`, `#/consultations/<id>/moderation`, `#/polls/new`, `#/consultations/new`.
 */
export type Route = { view: 'consultations' } | { view: 'moderation'; consultationId: string } | { view: 'new-poll' } | { view: 'new-consultation' };

export function parseRoute(hash: string): Route {
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
  return { view: 'consultations' };
}

export function hrefOf(route: Route): string {
  if (route.view === 'new-poll') return '#/polls/new';
  if (route.view === 'new-consultation') return '#/consultations/new';
  return route.view === 'moderation' ? `#/consultations/${encodeURIComponent(route.consultationId)}/moderation` : '#/consultations';
}
