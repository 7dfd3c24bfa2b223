// Self-contained bundles (Lit and zod/mini inside), built from the ESM that tsc wrote to dist/.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

// Our html`` and css`` templates keep the source's indentation and comments: collapse them (Lit's
// own build is minified already).
const resolve = () => [
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  minifyTemplateLiterals({ include: ['dist/**/*.js'], failOnError: true }),
];
// One minifier per output: in module mode terser would drop the IIFE's top-level `var ConsultWidgets`.
const minify = (module) => terser({ ecma: 2021, module, compress: { passes: 2 }, format: { comments: false } });

// zod's source trips two harmless rollup warnings (an annotation it cannot place, a circular import).
const onwarn = (warning, warn) => {
  if (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    // The module embed: the card and everything every page needs in one file, each other widget in
    // a chunk of its own that the embed fetches the first time the page shows that widget.
    input: { 'consult-widgets.min': 'dist/embed.js' },
    // The chunks import what they share (Lit, the protocol, the adapters) from the entry itself,
    // which every page has loaded already, rather than from a third file.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      plugins: [minify(true)],
    },
    plugins: resolve(),
    onwarn,
  },
  {
    // The classic-script embed: one file with every widget (no module loader to fetch chunks with).
    input: 'dist/define.js',
    // What the module embed loads on first use (the REST adapter, the proof-of-work solver) goes inside.
    output: { file: 'dist/consult-widgets.iife.min.js', format: 'iife', name: 'ConsultWidgets', inlineDynamicImports: true, plugins: [minify(false)] },
    plugins: resolve(),
    onwarn,
  },
  {
    // Only <consult-proposal>: the size report's smallest useful embed.
    input: 'dist/components/proposal/proposal.js',
    output: { file: 'dist/consult-proposal.min.js', format: 'es', inlineDynamicImports: true, plugins: [minify(true)] },
    plugins: resolve(),
    onwarn,
  },
];
