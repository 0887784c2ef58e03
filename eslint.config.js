import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist', 'demo/dist', 'node_modules', 'storybook-static', 'bench/results', 'docs', 'test/consumers/*/dist', 'test/consumers/*/dist-attest', 'test/consumers/*/.next', 'test/consumers/*/public/workers', 'test/consumers/.pack'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The CLI, simulator server, scripts, tests and benchmarks talk to a terminal.
    files: ['bin/**', 'bench/**', 'scripts/**', 'test/**', 'src/simulator/node.ts'],
    rules: { 'no-console': 'off' },
  },
)
