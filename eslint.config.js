// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'src/console/static/**',
      'docs/**',
      '**/*.js',
      '**/*.mjs',
      // The console's browser script is linted (and type-checked through its // @ts-check and JSDoc).
      '!src/console/static/',
      '!src/console/static/console.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Dependency direction: lib and emulator stand alone; console uses lib only.
  {
    files: ['src/lib/**/*.ts'],
    rules: restrict(
      ['**/cli/**', '**/console/**', '**/emulator/**'],
      'src/lib imports nothing from cli, console or emulator.',
    ),
  },
  {
    files: ['src/emulator/**/*.ts'],
    rules: restrict(['**/lib/**', '**/cli/**', '**/console/**'], 'The emulator shares no code with the client.'),
  },
  {
    files: ['src/console/**/*.ts'],
    rules: restrict(['**/cli/**', '**/emulator/**'], 'The console depends on lib only.'),
  },
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No process.* in the library: take options instead.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'soak/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/console/static/console.js'],
    languageOptions: { sourceType: 'script' },
    rules: {
      // TypeScript (// @ts-check with the DOM lib) knows the browser's globals; ESLint's list would not.
      'no-undef': 'off',
      // Event listeners ignore what they return; every async listener here catches its own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
);
