// @ts-check
// The tests import the widgets from src/: their lazy `import('./locales/<tag>/<part>.js')` is
// served from the translation files (src/i18n/locales/<tag>.json) as the build would write it.
import { existsSync, readFileSync } from 'node:fs';
import { partModules } from '../../scripts/locales.mjs';

export function translationModule() {
  return {
    name: 'translation-modules',
    /** @param {{ path: string }} context */
    serve(context) {
      const match = /^\/src\/i18n\/locales\/([\w-]+)\/(\w+)\.js$/.exec(context.path);
      const json = match && new URL(`../../src/i18n/locales/${match[1]}.json`, import.meta.url);
      if (!match || !json || !existsSync(json)) return undefined;
      const part = partModules(JSON.parse(readFileSync(json, 'utf8'))).find((p) => p.part === match[2]);
      return part && { body: part.text, type: 'js' };
    },
  };
}
