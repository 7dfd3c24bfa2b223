// Builds consult-server into server/dist: one ESM bundle per entry, npm dependencies left to
// node_modules. The protocol and the results method come from the widgets' source
// (consult-widgets/protocol, /protocol/admin, /method) and are bundled in, so the server always
// speaks the protocol of the commit it was built from and installs without the widgets.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { build } from 'esbuild';
import { rollup } from 'rollup';
import esbuild from 'rollup-plugin-esbuild';
import { writeConsoleLocales } from '../scripts/console-locales.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** consult-widgets' public entries the server uses, and the source each one is built from. */
const WIDGETS_ENTRIES = {
  'consult-widgets/protocol': here('../src/protocol/index.ts'),
  'consult-widgets/protocol/admin': here('../src/protocol/admin.ts'),
  'consult-widgets/method': here('../src/results/index.ts'),
  // The console's translation files are read with the widgets' helpers (fill, plural, merge).
  'consult-widgets/i18n/messages': here('../src/i18n/messages.ts'),
};
const widgetsPath = (specifier) => WIDGETS_ENTRIES[specifier];
const notAnEntry = (specifier) => `${specifier} is not an entry the server may use (${Object.keys(WIDGETS_ENTRIES).join(', ')})`;

const widgetsSource = {
  name: 'consult-widgets-source',
  setup(b) {
    b.onResolve({ filter: /^consult-widgets(\/|$)/ }, (args) => {
      const path = widgetsPath(args.path);
      return path ? { path } : { errors: [{ text: notAnEntry(args.path) }] };
    });
  },
};

rmSync(here('dist'), { recursive: true, force: true });
await build({
  entryPoints: [here('index.ts'), here('cli.ts')],
  outdir: here('dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [widgetsSource],
  sourcemap: true,
  logLevel: 'warning',
});

// The operator console (console/, served at /admin/): Lit and the protocol's schemas in one
// minified module, as the widgets' bundles are built, and one chunk per view loaded on demand.
const consoleBundle = await rollup({
  input: here('console/console.ts'),
  plugins: [
    {
      name: 'consult-widgets-source',
      resolveId(source) {
        if (!/^consult-widgets(\/|$)/.test(source)) return null;
        const path = widgetsPath(source);
        if (!path) this.error(notAnEntry(source));
        return path;
      },
    },
    // A stylesheet a view imports (uPlot's) arrives as its text, for the view to adopt into its
    // shadow root: the console's CSP allows no inline style element.
    {
      name: 'css-text',
      load(id) {
        return id.endsWith('.css') ? `export default ${JSON.stringify(readFileSync(id, 'utf8'))};` : null;
      },
    },
    nodeResolve({ browser: true, exportConditions: ['production'], extensions: ['.ts', '.js'] }),
    esbuild({ tsconfig: here('console/tsconfig.json'), target: 'es2021' }),
  ],
  onwarn(warning, warn) {
    // zod's source trips two harmless warnings (an annotation it cannot place, a circular import).
    if (warning.code !== 'INVALID_ANNOTATION' && warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
  },
});
rmSync(here('dist/console'), { recursive: true, force: true });
await consoleBundle.write({
  // One entry (the shell and its first views) and a chunk per lazily loaded view (lazy-views.ts).
  dir: here('dist/console'),
  entryFileNames: 'console.js',
  chunkFileNames: 'chunks/[name]-[hash].js',
  format: 'es',
  plugins: [terser({ ecma: 2021, module: true, compress: { passes: 2 }, format: { comments: false } })],
});
await consoleBundle.close();
for (const file of ['index.html', 'console.css']) copyFileSync(here(`console/${file}`), here(`dist/console/${file}`));
// Each language but English (built in) as a module beside console.js, imported on first use (locales.ts).
writeConsoleLocales(new URL('./dist/console/locales/', import.meta.url));

// The widgets' bundles, served at /widgets/ (http/widgets-routes.ts) for partner pages' snippets:
// the module embed, the chunks it imports and the classic-script bundle, from the root's dist/ when
// the widgets are built (the root's `npm run build` builds them first; the package's own `prepare`
// may run before them: then there is no /widgets/ and the console asks for the widgets' URL).
const widgetsDist = here('../dist/');
if (existsSync(`${widgetsDist}consult-widgets.min.js`)) {
  mkdirSync(here('dist/widgets'), { recursive: true });
  for (const file of ['consult-widgets.min.js', 'consult-widgets.iife.min.js']) {
    if (existsSync(widgetsDist + file)) copyFileSync(widgetsDist + file, here(`dist/widgets/${file}`));
  }
  if (existsSync(`${widgetsDist}chunks`)) cpSync(`${widgetsDist}chunks`, here('dist/widgets/chunks'), { recursive: true });
  // Each language's strings, fetched by the widgets the first time a page in that language needs them.
  if (existsSync(`${widgetsDist}locales`)) cpSync(`${widgetsDist}locales`, here('dist/widgets/locales'), { recursive: true });
}
