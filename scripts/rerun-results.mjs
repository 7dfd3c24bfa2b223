// rerun-results.mjs: node rerun-results.mjs export.json [--json]
// Recomputes a consultation's results from its open data (docs/methodology.md): the two top lists
// and, for each listed idea, how many more votes would take it out of its list. `--json` prints
// the whole results answer instead, which equals the server's GET …/results for the same data.
import { readFileSync } from 'node:fs';
// With the package installed (npm install consult-widgets) or in a clone after `npm run build`.
import { computeResults, countedRows } from 'consult-widgets/method';

const data = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const rows = data.proposals.map((p) => ({
  proposalId: p.id,
  content: p.content,
  themeId: p.themeId,
  country: p.author?.country,
  votes: p.votes,
  qualifications: p.qualifications,
  // Untrusted votes (bare client-chosen ids) and their qualifications, left out unless the consultation counts them.
  untrusted: { votes: p.untrustedVotes ?? { agree: 0, disagree: 0, neutral: 0 }, qualifications: p.untrustedQualifications ?? {} },
  // Votes of cohorts an operator excluded (issue 10), never counted; `data.exclusions` says which and why.
  excluded: p.excluded,
}));
const counted = countedRows(rows, data.consultation.countUntrusted ?? true);
const cohorts = (data.exclusions ?? []).filter((e) => !e.restored).length;
const results = {
  ...computeResults({ consultationId: data.consultation.id, counts: data.consultation.counts, rows: counted.rows }),
  untrusted: counted.untrusted,
  ...(cohorts ? { excluded: { votes: counted.excludedVotes, cohorts } } : {}),
};
if (process.argv.includes('--json')) console.log(JSON.stringify(results));
else print(results);

/** The top lists, each idea with the votes that would take it out of its list, and each list's figures. */
function print(results) {
  const byId = new Map(results.proposals.map((p) => [p.proposalId, p]));
  const KINDS = { agree: 'agree', disagree: 'disagree (each with no way, impossible and platitude on a popular idea)', neutral: 'neutral' };
  const line = (id) => {
    const { content, robustness: r } = byId.get(id);
    const moves = r
      ? `${r.votes} more ${KINDS[r.key]} votes would ${r.leaves === 'zone' ? 'change its zone' : 'rank it below the best idea left out'}`
      : 'no number of votes on it alone moves it';
    return `   ${content}\n      ${moves}`;
  };
  const summary = (ids) => {
    const votes = ids.map((id) => byId.get(id).robustness?.votes ?? Infinity).sort((a, b) => a - b);
    const half = Math.floor(votes.length / 2);
    const median = votes.length % 2 ? votes[half] : (votes[half - 1] + votes[half]) / 2;
    return `${ids.length} ideas; robustness: smallest ${votes[0]}, median ${median} votes`;
  };

  const popular = results.popular.flatMap((g) => g.proposalIds);
  console.log(`♥ popular: ${summary(popular)}`);
  for (const { themeId, proposalIds } of results.popular) {
    console.log(` ${themeId ?? '(no theme)'}`);
    for (const id of proposalIds) console.log(line(id));
  }
  console.log(`⚡ divisive: ${summary(results.divisive)}`);
  for (const id of results.divisive) console.log(line(id));
}
