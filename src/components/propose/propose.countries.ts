import { countryCodes } from '../../results/continents.js';

export interface CountryOption {
  code: string;
  label: string;
}

const byLanguage = new Map<string, CountryOption[]>();

/**
 * Every country as an option of the expert form's country field: ISO 3166-1 alpha-2 codes named by
 * the browser (Intl.DisplayNames) in `tag`, sorted as that language sorts. No name tables of our
 * own: a browser without DisplayNames shows the codes.
 */
export function countryOptions(tag: string): CountryOption[] {
  let options = byLanguage.get(tag);
  if (!options) {
    const names = displayNames(tag);
    const collator = new Intl.Collator(tag);
    options = countryCodes()
      .map((code) => ({ code, label: names?.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.label, b.label));
    byLanguage.set(tag, options);
  }
  return options;
}

function displayNames(tag: string): Intl.DisplayNames | undefined {
  if (typeof Intl.DisplayNames !== 'function') return undefined;
  try {
    return new Intl.DisplayNames([tag, 'en'], { type: 'region' });
  } catch {
    return undefined;
  }
}
