/** What request logs may say: participant ids are personal data and stay out of info-level logs. */
import type { FastifyRequest } from 'fastify';

/**
 * The URL with participant ids (path segment or query value) replaced by a placeholder. Query keys
 * are compared decoded, as the query parser reads them (`%70articipantId` is `participantId`).
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = (queryAt === -1 ? url : url.slice(0, queryAt)).replace(/(\/votes\/|\/participants\/)[^/?#]+/g, '$1:participantId');
  if (queryAt === -1) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const key = pair.split('=', 1)[0]!;
      return decodedKey(key) === 'participantId' ? `${key}=:participantId` : pair;
    });
  return `${path}?${query.join('&')}`;
}

function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

export const requestSerializer = (request: FastifyRequest) => ({
  method: request.method,
  url: redactUrl(request.url),
  remoteAddress: request.ip,
});
