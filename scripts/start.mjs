// npm start: the reference server (consult-server) on SQLite with the AI Action Summit demo
// consultation imported, serving the demo pages, whose widgets use the REST adapter against it.
// `npm run build` has run before (see package.json). The same server also serves the static demo
// (`?backend=local`, `static.html`), whose widgets keep their votes in the browser.
import { createConsultServer, importFile } from '../dist/server/index.js';
import { consultation, proposals } from '../demo/data/ai-action-summit.js';

const port = process.env.PORT ? Number(process.env.PORT) : 8787;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0–65535), not "${process.env.PORT}".`);
  process.exit(1);
}
const db = process.env.DATABASE_URL ?? './data/demo.db';

/** The demo seed as an import file (its stand-in tallies stay in the static demo: votes here are real). */
const demoImport = {
  consultation: {
    id: consultation.id,
    title: consultation.title,
    question: consultation.question,
    locale: consultation.locale,
    status: consultation.status,
    proposalPrefix: consultation.proposalPrefix,
    proposalMinLength: consultation.proposalMinLength,
    proposalMaxLength: consultation.proposalMaxLength,
    themes: consultation.themes,
    allowedOrigins: [],
    requireSignedParticipants: false,
  },
  proposals: proposals.map(({ id, content, themeId, status }) => ({ id, content, themeId, status })),
};

let server;
try {
  server = await createConsultServer({
    db,
    demoRoot: new URL('..', import.meta.url).pathname,
    adminToken: process.env.CONSULT_ADMIN_TOKEN || undefined,
    signingSecret: process.env.CONSULT_SIGNING_SECRET || undefined,
    rateLimit: process.env.CONSULT_RATE_LIMIT === 'off' ? false : {},
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  });
  await importFile(server.storage, demoImport);
  const url = await server.listen(port, process.env.HOST ?? '127.0.0.1');
  console.log(`Demo (REST adapter → this server): ${url}/demo/`);
  console.log(`Static demo (votes kept in the browser): ${url}/demo/?backend=local  and  ${url}/demo/static.html`);
  console.log(`Protocol v1: ${url}/api/v1/consultations/${consultation.id}  ·  open data: …/export.csv`);
  console.log(`Database: ${db}${process.env.CONSULT_ADMIN_TOKEN ? '  ·  admin API on' : '  ·  set CONSULT_ADMIN_TOKEN for the admin API'}`);
  console.log('Press Ctrl+C to stop.');
} catch (error) {
  console.error(`Could not start the demo server: ${error.message}`);
  await server?.close();
  process.exit(1);
}
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
