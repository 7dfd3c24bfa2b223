// npm run build: ESM + .d.ts (tsc), self-contained bundles (rollup), consult-server (esbuild),
// custom-elements.json (cem).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (name, args) => execFileSync(bin(name), args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('tsc', ['-p', 'tsconfig.build.json']);
// The OpenAPI 3.1 document of protocol v1, generated from the zod schemas tsc just compiled.
execFileSync(process.execPath, ['scripts/openapi.mjs'], { stdio: 'inherit' });
run('rollup', ['-c', '--silent']);
// Each language's strings, a module the widgets import the first time a page needs it.
execFileSync(process.execPath, ['scripts/locales.mjs'], { stdio: 'inherit' });
// The reference server, its own package (server/build.mjs: server/dist).
execFileSync(process.execPath, ['server/build.mjs'], { stdio: 'inherit' });
run('cem', ['analyze', '--litelement', '--globs', 'src/components/**/*.ts', 'src/internal/consult-element.ts', '--outdir', '.', '--quiet']);
execFileSync(process.execPath, ['scripts/types-vue-svelte.mjs'], { stdio: 'inherit' }); // dist/types/{vue,svelte}.d.ts from the manifest
execFileSync(process.execPath, ['scripts/types-react.mjs'], { stdio: 'inherit' }); // React 19 JSX types from the manifest
console.log('Built dist/ and custom-elements.json.');
