// Builds consult-server into server/dist: one ESM bundle per entry, npm dependencies left to
// node_modules. The protocol and the results method come from the widgets' source
// (consult-widgets/protocol, /protocol/admin, /method) and are bundled in, so the server always
// speaks the protocol of the commit it was built from and installs without the widgets.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** consult-widgets' public entries the server uses, and the source each one is built from. */
const WIDGETS_ENTRIES = {
  'consult-widgets/protocol': here('../src/protocol/index.ts'),
  'consult-widgets/protocol/admin': here('../src/protocol/admin.ts'),
  'consult-widgets/method': here('../src/results/index.ts'),
};

const widgetsSource = {
  name: 'consult-widgets-source',
  setup(b) {
    b.onResolve({ filter: /^consult-widgets(\/|$)/ }, (args) => {
      const path = WIDGETS_ENTRIES[args.path];
      if (!path) return { errors: [{ text: `${args.path} is not an entry the server may use (${Object.keys(WIDGETS_ENTRIES).join(', ')})` }] };
      return { path };
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
