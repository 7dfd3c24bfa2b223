// What the admin API's near-duplicate flags cost (issue 9, item 10): a consultation of 5,000
// proposals (4,900 accepted, 100 pending, about 110 characters each), on SQLite and PostgreSQL when
// reachable; the pending list (100 a page) asked once with no key cached, then 15 times.
//
//   npm run build && node bench/duplicates.mjs
//
// `textsRead` is storage.proposalTexts (what the flags compare with), `pageRead` the page itself.
import { postgresAvailable } from '../test/server/pg.mjs';
import { fixtureFile, startServer } from '../test/server/server.mjs';

const WORDS = ['build', 'safe', 'bike', 'lanes', 'everywhere', 'night', 'buses', 'trams', 'free', 'students', 'solar', 'panels', 'school', 'trees', 'parks'];
function text(i) {
  let t = 'We should';
  for (let k = i; t.length < 110; k = Math.floor(k / 3) + 7 * t.length) t += ` ${WORDS[k % WORDS.length]}`;
  return `${t} ${i}`;
}
const median = (xs) => Number([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1));
async function timed(f, times = 15) {
  const ms = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await f();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

for (const database of (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite']) {
  const ctx = await startServer({ database });
  try {
    const proposals = Array.from({ length: 5000 }, (_, i) => ({ id: `d-${i}`, content: text(i), status: i < 4900 ? 'accepted' : 'pending' }));
    await ctx.importFile(fixtureFile('d', { proposals }));
    const list = () => ctx.admin('GET', '/consultations/d/proposals?limit=100');
    const cold = await timed(list, 1);
    console.log(database, {
      coldRequestMs: cold,
      warmRequestMs: await timed(list),
      pageReadMs: await timed(() => ctx.storage.listProposals('d', { status: 'pending', limit: 101 })),
      textsReadMs: await timed(() => ctx.storage.proposalTexts('d')),
    });
  } finally {
    await ctx.close();
  }
}
