/** What request logs may say: participant ids are personal data and stay out of info-level logs. */
import type { FastifyRequest } from 'fastify';

/** The URL with participant ids (path segment or query value) replaced by a placeholder. */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/votes\/|\/participants\/)[^/?#]+/g, '$1:participantId')
    .replace(/([?&]participantId=)[^&#]*/g, '$1:participantId');
}

export const requestSerializer = (request: FastifyRequest) => ({
  method: request.method,
  url: redactUrl(request.url),
  remoteAddress: request.ip,
});
