import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'server/dist/', 'node_modules/', 'custom-elements.json', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  { languageOptions: { globals: { ...globals.browser } } },
  { files: ['**/*.mjs', 'scripts/**', 'bench/**', 'test/bundle/**', 'server/**', 'test/server/**'], languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `const { secret: _secret, ...rest } = value` leaves properties out on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // consult-server is its own package: it takes the protocol and the results method through the
    // widgets' public entries (server/build.mjs lists them), never from their source files.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/**'], message: 'Import consult-widgets/protocol, consult-widgets/protocol/admin or consult-widgets/method.' }] }],
    },
  },
);
