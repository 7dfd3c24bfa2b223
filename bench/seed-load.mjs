// Loads the seed replay dataset (bench/seed-dataset.mjs) into a consult-server Storage: imports the
// consultation, then writes every vote and qualification the way the server's routes do
// (storage.vote, storage.qualify), so tallies, qualification counts and counters come out of the
// storage's own rules. Running it again changes nothing: the same key with the same votedAt is not
// a new vote (protocol rule 3), and a qualification already chosen stays chosen (rule 4).
// The votes are written as `issued` (issue 10, trusted counting): the seed stands for people who
// voted through the widgets, which ask consult-server for an issued identity, so its published
// results count them whatever the consultation's `countUntrusted`.
//
//   import { loadSeedDataset } from './seed-load.mjs';
//   node bench/seed-load.mjs --db ./data/demo.db [--seed 1] [--chunk 2000]   # needs `npm run build`
//
// Writes go out in chunks of concurrent calls (2,000 by default): SQLite's group commit then puts
// a whole chunk in one transaction and one fsync, PostgreSQL's in a few batches. Within a chunk,
// qualifications wait for their votes (a qualification must match the participant's current key).
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSeedDataset } from './seed-dataset.mjs';

/**
 * Import `dataset.importFile` into `storage` and write all of `dataset.votes` with their
 * qualifications; `extra(vote)` adds fields to each vote write (cohort tests: `origin`, `receivedAt`). Resolves to `{ votes, qualifications, ms }`; rejects on the first refused write.
 */
export async function loadSeedDataset(storage, dataset, { chunk = 2000, extra = () => ({}) } = {}) {
  const { importFile } = await import('consult-server');
  const started = performance.now();
  await importFile(storage, dataset.importFile);
  let qualifications = 0;
  for (let from = 0; from < dataset.votes.length; from += chunk) {
    const votes = dataset.votes.slice(from, from + chunk);
    accepted(
      await Promise.all(
        votes.map((v) => storage.vote({ proposalId: v.proposalId, participantId: v.participantId, key: v.key, votedAt: v.votedAt, trust: 'issued', ...extra(v) })),
      ),
    );
    const qualify = votes.flatMap(({ proposalId, participantId, qualifications: chosen }) =>
      chosen.map((qualification) => storage.qualify({ proposalId, participantId, qualification, active: true })),
    );
    accepted(await Promise.all(qualify));
    qualifications += qualify.length;
  }
  return { votes: dataset.votes.length, qualifications, ms: performance.now() - started };
}

/** Throw on the first refusal (`{ refused, message }`): the dataset must load whole or not be trusted. */
function accepted(outcomes) {
  const refusal = outcomes.find((o) => typeof o === 'object' && o !== null && 'refused' in o);
  if (refusal) throw new Error(`seed dataset refused by the storage: ${refusal.refused}: ${refusal.message}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, seed: { type: 'string', default: '1' }, chunk: { type: 'string', default: '2000' } },
  });
  if (!values.db) {
    console.error('Usage: node bench/seed-load.mjs --db <sqlite file | :memory: | postgresql://…> [--seed 1] [--chunk 2000]');
    process.exit(2);
  }
  const { openStorage } = await import('consult-server');
  const generated = performance.now();
  const dataset = generateSeedDataset(Number(values.seed));
  const generateMs = performance.now() - generated;
  const storage = await openStorage(values.db);
  try {
    const loaded = await loadSeedDataset(storage, dataset, { chunk: Number(values.chunk) });
    const { counts } = await storage.getConsultation(dataset.importFile.consultation.id);
    const perSecond = Math.round(loaded.votes / (loaded.ms / 1000));
    console.log(
      `${values.db}: seed ${dataset.seed} generated in ${Math.round(generateMs)} ms, loaded in ${(loaded.ms / 1000).toFixed(1)} s ` +
        `(${loaded.votes} votes + ${loaded.qualifications} qualifications, ${perSecond} votes/s, chunks of ${values.chunk}); ` +
        `consultation counts: ${counts.participants} participants, ${counts.proposals} proposals, ${counts.votes} votes`,
    );
  } finally {
    await storage.close();
  }
}
