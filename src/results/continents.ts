// Countries by continent, for results that break contributions down by where their authors are.
// The five regions of the UN M49 standard (the statistics divisions' "continents"): it settles the
// borderline cases one way for everybody (Cyprus, Turkey and the Caucasus in Asia; Russia in
// Europe; the Caribbean and Central America in the Americas). Pure data, no DOM.

import { CONTINENTS, type Continent } from '../protocol/index.js';

export { CONTINENTS, type Continent };

/**
 * ISO 3166-1 alpha-2 codes per M49 region, territories included, plus XK (Kosovo, a user-assigned
 * code most registries use). AQ (Antarctica) belongs to no continent of M49.
 */
const CODES: Record<Continent, string> = {
  africa:
    'DZ EG LY MA SD TN EH IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW AO CM CF TD CG CD GQ GA ST ' +
    'BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG',
  americas:
    'AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI BZ CR SV GT HN MX NI PA ' +
    'AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE BM CA GL PM US',
  asia:
    'KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR MV NP PK LK ' +
    'AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE',
  europe:
    'BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB ' +
    'AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK AT BE FR DE LI LU MC NL CH',
  oceania: 'AU CX CC HM NZ NF FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF',
};

const NO_CONTINENT = ['AQ'];

let byCode: Map<string, Continent> | undefined;

function table(): Map<string, Continent> {
  if (!byCode) {
    byCode = new Map();
    for (const continent of CONTINENTS) for (const code of CODES[continent].split(' ')) byCode.set(code, continent);
  }
  return byCode;
}

/** The continent of a country or territory (ISO 3166-1 alpha-2, any case); `null` for AQ or an unknown code. */
export function continentOf(countryCode: string): Continent | null {
  return table().get(countryCode.trim().toUpperCase()) ?? null;
}

/** Every code this table knows (AQ included), in alphabetical order: the choices of a country field. */
export function countryCodes(): string[] {
  return [...table().keys(), ...NO_CONTINENT].sort();
}
