import { expect } from '@open-wc/testing';
import { CONTINENTS, continentOf, countryCodes } from '../../src/results/continents.js';

describe('results: continentOf', () => {
  it('places countries by the UN M49 regions, borderline cases included', () => {
    const expected: Record<string, string | null> = {
      FR: 'europe',
      RU: 'europe',
      XK: 'europe',
      TR: 'asia',
      CY: 'asia',
      GE: 'asia',
      TW: 'asia',
      EG: 'africa',
      RE: 'africa',
      BR: 'americas',
      MX: 'americas',
      GL: 'americas',
      JM: 'americas',
      AU: 'oceania',
      PF: 'oceania',
      AQ: null,
    };
    const actual = Object.fromEntries(Object.keys(expected).map((code) => [code, continentOf(code)]));
    expect(actual).to.deep.equal(expected);
  });

  it('takes any case and surrounding spaces, and answers null for what is not a code', () => {
    expect([continentOf('fr'), continentOf(' Sn '), continentOf('jp')]).to.deep.equal(['europe', 'africa', 'asia']);
    expect([continentOf(''), continentOf('ZZ'), continentOf('FRA'), continentOf('EU'), continentOf('UK')]).to.deep.equal([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('knows the 249 ISO 3166-1 codes and Kosovo, each once, each a region the browser can name', () => {
    const codes = countryCodes();
    expect(codes.length).to.equal(250);
    expect(new Set(codes).size).to.equal(codes.length);
    expect(codes.every((code) => /^[A-Z]{2}$/.test(code))).to.equal(true);
    // `fallback: 'none'` answers undefined for a code the CLDR does not know: a typo in the table fails here.
    const names = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
    expect(codes.filter((code) => !names.of(code))).to.deep.equal([]);
    expect(codes).to.deep.equal([...codes].sort());
  });

  it('gives every code but Antarctica one of the five continents, every continent some', () => {
    const counts = Object.fromEntries(CONTINENTS.map((c) => [c, 0]));
    const without: string[] = [];
    for (const code of countryCodes()) {
      const continent = continentOf(code);
      if (continent) counts[continent]! += 1;
      else without.push(code);
    }
    expect(without).to.deep.equal(['AQ']);
    expect(counts).to.deep.equal({ africa: 60, americas: 57, asia: 51, europe: 52, oceania: 29 });
  });
});
