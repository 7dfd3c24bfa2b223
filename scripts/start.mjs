// npm start: the reference server (consult-server) on SQLite with the seed consultation loaded
// (the AI Action Summit's, votes included), serving the demo pages, whose widgets use the REST
// adapter against it.
// `npm run build` has run before (see package.json). The same server also serves the static demo
// (`?backend=local`, `static.html`), whose widgets keep their votes in the browser.
import { generateSeedDataset, SEED_CONSULTATION_ID, SEED_COUNTS } from '../bench/seed-dataset.mjs';
import { loadSeedDataset } from '../bench/seed-load.mjs';
import { createConsultServer } from 'consult-server';

const port = process.env.PORT ? Number(process.env.PORT) : 8787;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0–65535), not "${process.env.PORT}".`);
  process.exit(1);
}
const db = process.env.DATABASE_URL ?? './data/demo.db';

/**
 * The seed consultation (bench/seed-dataset.mjs): the AI Action Summit's question and themes, its
 * 24 published ideas among 575 proposals, and 121,325 votes from 11,661 participants, generated so
 * that the results method gives the published 15 popular and 9 divisive ideas. Loaded once: a
 * database that already holds the seed's votes is left as it is (with visitors' votes on top).
 */
async function loadSeedOnce(storage) {
  const existing = await storage.getConsultation(SEED_CONSULTATION_ID);
  if (existing && existing.counts.votes >= SEED_COUNTS.votes) return;
  console.log(`Loading the seed consultation (${SEED_COUNTS.votes.toLocaleString('en')} votes; first start only)…`);
  const { ms } = await loadSeedDataset(storage, generateSeedDataset(1));
  console.log(`Loaded in ${(ms / 1000).toFixed(1)} s.`);
}

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
  await loadSeedOnce(server.storage);
  const url = await server.listen(port, process.env.HOST ?? '127.0.0.1');
  console.log(`Demo (REST adapter → this server): ${url}/demo/`);
  console.log(`Static demo (votes kept in the browser): ${url}/demo/?backend=local  and  ${url}/demo/static.html`);
  console.log(`Protocol v1: ${url}/api/v1/consultations/${SEED_CONSULTATION_ID}  ·  results: …/results  ·  open data: …/export.csv`);
  // Operators sign in to the console; the first admin is created on the server, with the CLI.
  const hasAdmin = (await server.storage.accounts.listOperators()).some((o) => o.role === 'admin' && !o.disabledAt && o.passwordHash);
  const firstAdmin = `  ·  first, create an admin: npx consult-server user add you@example.org --role admin --db ${db}`;
  console.log(`Operator console: ${url}/admin/${hasAdmin ? '' : firstAdmin}`);
  console.log(`Database: ${db}${process.env.CONSULT_ADMIN_TOKEN ? '  ·  admin API token on' : ''}`);
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
