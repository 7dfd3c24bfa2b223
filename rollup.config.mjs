// Self-contained bundles (Lit and zod/mini inside), built from the ESM that tsc wrote to dist/.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const resolve = () => [nodeResolve({ browser: true, exportConditions: ['production'] })];
// One minifier per output: in module mode terser would drop the IIFE's top-level `var ConsultWidgets`.
const minify = (module) => terser({ ecma: 2021, module, compress: { passes: 2 }, format: { comments: false } });

// zod's source trips two harmless rollup warnings (an annotation it cannot place, a circular import).
const onwarn = (warning, warn) => {
  if (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    input: 'dist/define.js',
    output: [
      { file: 'dist/consult-widgets.min.js', format: 'es', plugins: [minify(true)] },
      { file: 'dist/consult-widgets.iife.min.js', format: 'iife', name: 'ConsultWidgets', plugins: [minify(false)] },
    ],
    plugins: resolve(),
    onwarn,
  },
  {
    // Only <consult-proposal>: the size report's smallest useful embed.
    input: 'dist/components/proposal/proposal.js',
    output: { file: 'dist/consult-proposal.min.js', format: 'es', plugins: [minify(true)] },
    plugins: resolve(),
    onwarn,
  },
];
