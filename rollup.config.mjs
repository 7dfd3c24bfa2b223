// Self-contained bundles (Lit and zod/mini inside), built from the ESM that tsc wrote to dist/.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const plugins = () => [
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  terser({ ecma: 2021, module: true, compress: { passes: 2 }, format: { comments: false } }),
];

// zod's source trips two harmless rollup warnings (an annotation it cannot place, a circular import).
const onwarn = (warning, warn) => {
  if (warning.code === 'INVALID_ANNOTATION' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    input: 'dist/define.js',
    output: [
      { file: 'dist/consult-widgets.min.js', format: 'es' },
      { file: 'dist/consult-widgets.iife.min.js', format: 'iife', name: 'ConsultWidgets' },
    ],
    plugins: plugins(),
    onwarn,
  },
  {
    // Only <consult-proposal>: the size report's smallest useful embed.
    input: 'dist/components/proposal/proposal.js',
    output: { file: 'dist/consult-proposal.min.js', format: 'es' },
    plugins: plugins(),
    onwarn,
  },
];
