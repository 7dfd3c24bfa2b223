// The real reference server (consult-server, server/dist) for browser tests: started once on its
// own 127.0.0.1 port, so the REST adapter in Chromium talks to it cross-origin, exactly as a
// partner page talks to a deployed server (CORS preflights included). Test pages ask the
// middleware at /__consult-server__ for its endpoint.
//
//   web-test-runner.config.mjs:  plugins: [consultServerPlugin()], middleware: [consultServerInfo]

const INFO_PATH = '/__consult-server__';

/** The server's data: an open consultation any site may embed, one only a partner site may, and a closed one. */
const FIXTURE = [
  {
    consultation: {
      id: 'e2e',
      title: 'End-to-end consultation',
      question: 'What should we do about AI?',
      locale: 'en',
      themes: [{ id: 'education', label: 'AI Education' }],
      allowedOrigins: ['*'],
    },
    proposals: [
      { id: 'e2e-1', content: 'Train the population in the ethical use of AI', themeId: 'education' },
      { id: 'e2e-2', content: 'Ensure easy identification of AI-generated content' },
      { id: 'e2e-3', content: 'Guarantee the security of personal data' },
    ],
  },
  {
    consultation: {
      id: 'e2e-partner',
      title: 'Partner-only consultation',
      question: 'Embedded by one partner only?',
      locale: 'en',
      allowedOrigins: ['https://partner.example'],
    },
    proposals: [{ id: 'e2e-partner-1', content: 'Only the partner site may show this card' }],
  },
  {
    consultation: { id: 'e2e-closed', title: 'Closed', question: 'Closed?', locale: 'en', status: 'closed', allowedOrigins: ['*'] },
    proposals: [{ id: 'e2e-closed-1', content: 'A proposal of a closed consultation' }],
  },
];

/**
 * web-test-runner plugin: starts consult-server when the test server starts (dist/ must be
 * built: `npm test` builds first) and stops it at the end.
 */
let info = null;

/** Koa middleware answering GET /__consult-server__ with `{ endpoint }`. */
export async function consultServerInfo(ctx, next) {
  if (ctx.path !== INFO_PATH) return next();
  ctx.type = 'application/json';
  ctx.body = info ?? { error: 'consult-server did not start: run `npm run build` first.' };
  ctx.status = info ? 200 : 503;
}

export function consultServerPlugin() {
  let server = null;
  let proofServer = null;
  return {
    name: 'consult-server',
    async serverStart() {
      try {
        const { createConsultServer, importFile } = await import('consult-server');
        server = await createConsultServer({ db: ':memory:', logger: false, rateLimit: false });
        for (const file of FIXTURE) await importFile(server.storage, file);
        const origin = await server.listen(0, '127.0.0.1');
        // Issue 10: a second server that asks a proof of work before issuing (the default difficulty).
        proofServer = await createConsultServer({ db: ':memory:', logger: false, rateLimit: false, issuance: { proof: {} } });
        for (const file of FIXTURE) await importFile(proofServer.storage, file);
        const proofOrigin = await proofServer.listen(0, '127.0.0.1');
        info = { endpoint: `${origin}/api/v1`, proofEndpoint: `${proofOrigin}/api/v1` };
      } catch (error) {
        console.warn(`consult-server plugin: ${error.message}`);
      }
    },
    async serverStop() {
      await server?.close();
      await proofServer?.close();
    },
  };
}
