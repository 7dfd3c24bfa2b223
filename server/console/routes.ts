/**
 * The console's places, in the URL's fragment (the page is one static file: a reload or a shared
 * link opens the same view): `#/consultations`, `#/consultations/<id>/moderation`.
 */
export type Route = { view: 'consultations' } | { view: 'moderation'; consultationId: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return '';
    }
  });
  if (parts[0] === 'consultations' && parts[1] && parts[2] === 'moderation') return { view: 'moderation', consultationId: parts[1] };
  return { view: 'consultations' };
}

export function hrefOf(route: Route): string {
  return route.view === 'moderation' ? `#/consultations/${encodeURIComponent(route.consultationId)}/moderation` : '#/consultations';
}
