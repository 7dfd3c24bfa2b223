// countedRows: which votes the results take when a backend has trust levels (issue 10).
import { expect } from '@open-wc/testing';
import { computeResults, countedRows, type RowWithUntrusted } from '../../src/results/index.js';

const row = (proposalId: string, agree: number, disagree: number, untrustedDisagree: number, untrustedNoWay = 0): RowWithUntrusted => ({
  proposalId,
  content: proposalId,
  themeId: null,
  votes: { agree, disagree, neutral: 0 },
  qualifications: { noWay: untrustedNoWay + 1, likeIt: 2 },
  untrusted: { votes: { agree: 0, disagree: untrustedDisagree, neutral: 0 }, qualifications: untrustedNoWay ? { noWay: untrustedNoWay } : {} },
});

describe('countedRows', () => {
  it('leaves untrusted votes and their qualifications out, and says how many there were', () => {
    const { rows, untrusted } = countedRows([row('a', 30, 40, 35, 35), row('b', 5, 0, 0)], false);
    expect(untrusted).to.deep.equal({ votes: 35, counted: false });
    expect(rows[0]).to.deep.equal({ proposalId: 'a', content: 'a', themeId: null, votes: { agree: 30, disagree: 5, neutral: 0 }, qualifications: { noWay: 1, likeIt: 2 } });
    expect(rows[1]!.votes).to.deep.equal({ agree: 5, disagree: 0, neutral: 0 });
  });

  it('keeps every vote when the consultation counts untrusted ones, and still states them', () => {
    const { rows, untrusted } = countedRows([row('a', 30, 40, 35, 35)], true);
    expect(untrusted).to.deep.equal({ votes: 35, counted: true });
    expect(rows[0]!.votes).to.deep.equal({ agree: 30, disagree: 40, neutral: 0 });
    expect(rows[0]!.qualifications).to.deep.equal({ noWay: 36, likeIt: 2 });
    expect('untrusted' in rows[0]!).to.equal(false);
  });

  it('decides the zone: made-up disagree votes push a consensus idea out only when counted', () => {
    const input = [row('a', 30, 40, 35, 35)];
    const zone = (counted: boolean) => computeResults({ consultationId: 'c', counts: { participants: 0, proposals: 1, votes: 70 }, rows: countedRows(input, counted).rows }).proposals[0]!.zone;
    expect(zone(false)).to.equal('consensus');
    expect(zone(true)).not.to.equal('consensus');
  });

  it('leaves the votes of excluded cohorts out whatever their trust, subtracting an excluded untrusted vote once', () => {
    // 35 untrusted disagree (35 noWay), of which 20 excluded; 10 trusted agree excluded too.
    const excluded = {
      votes: { agree: 10, disagree: 20, neutral: 0 },
      qualifications: { noWay: 20 },
      untrusted: { votes: { agree: 0, disagree: 20, neutral: 0 }, qualifications: { noWay: 20 } },
    };
    const input = [{ ...row('a', 30, 40, 35, 35), excluded }, row('b', 5, 0, 0)];
    const trusted = countedRows(input, false);
    expect(trusted.untrusted).to.deep.equal({ votes: 15, counted: false });
    expect(trusted.excludedVotes).to.equal(30);
    expect(trusted.rows[0]!.votes).to.deep.equal({ agree: 20, disagree: 5, neutral: 0 });
    expect(trusted.rows[0]!.qualifications).to.deep.equal({ noWay: 1, likeIt: 2 });
    const all = countedRows(input, true);
    expect(all.untrusted).to.deep.equal({ votes: 15, counted: true });
    expect(all.rows[0]!.votes).to.deep.equal({ agree: 20, disagree: 20, neutral: 0 });
    expect(all.rows[0]!.qualifications).to.deep.equal({ noWay: 16, likeIt: 2 });
    expect(all.rows[1]).to.deep.equal(countedRows([row('b', 5, 0, 0)], true).rows[0]);
    expect('excluded' in all.rows[0]!).to.equal(false);
  });
});
