/**
 * Open data (`GET /consultations/{id}/export.json` and `export.csv`): public, computed once per
 * consultation version (results-cache.ts), with a weak ETag so a repeated download can be a 304.
 */
import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';
import { openDataCsv, openDataOf } from '../open-data.js';
import type { ServerContext } from './context.js';
import { HttpError } from './errors.js';
import { answerCache, prepare } from './results-cache.js';

export async function registerOpenDataRoutes(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { storage } = context;

  async function openData(consultationId: string) {
    const consultation = await storage.getConsultation(consultationId);
    if (!consultation) throw new HttpError('not_found', `No consultation has the id "${consultationId}".`);
    const [rows, excluded, exclusions] = await Promise.all([
      storage.openData(consultation.id),
      storage.excludedVotes(consultation.id),
      storage.cohortExclusions(consultation.id),
    ]);
    return { consultation, data: openDataOf(consultation, rows, new Date(context.now()), { excluded, exclusions }) };
  }

  await app.register(async (scope) => {
    // Sets no ETag of its own (the answer has one); answers If-None-Match with 304.
    await scope.register(etag, { weak: true });

    scope.get<{ Params: { consultationId: string; format: string } }>('/consultations/:consultationId/export.:format', async (request, reply) => {
      const { consultationId, format } = request.params;
      if (format !== 'json' && format !== 'csv') throw new HttpError('not_found', 'Open data comes as export.json or export.csv.');
      const answers = answerCache(storage);
      if (format === 'json') {
        const answer = await answers.get(consultationId, 'export.json', async () => prepare((await openData(consultationId)).data));
        return reply.type('application/json; charset=utf-8').header('etag', answer.etag).send(answer.body);
      }
      const answer = await answers.get(consultationId, 'export.csv', async () => {
        const { consultation, data } = await openData(consultationId);
        return prepare({ id: consultation.id }, () => openDataCsv(data));
      });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${answer.value.id}.csv"`)
        .header('etag', answer.etag)
        .send(answer.body);
    });
  });
}
