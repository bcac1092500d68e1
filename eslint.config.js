// ESLint for the sources and tests: typescript-eslint's recommended rules, unused names allowed
// when they start with `_`, and `any` allowed in tests (they poke at API objects freely).
// `npm run lint` runs it with the layer rules (.dependency-cruiser.cjs); `npm test` runs lint first.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'editors/**', 'test/fixtures/**', 'bench/**', 'scripts/**', 'bin/**', '**/*.d.ts', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
