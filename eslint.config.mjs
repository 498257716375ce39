import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads',
  'zlib',
  'buffer',
  'process',
];

/** What browser code (the citizen page, and src-web shared with the desk) never imports. */
const NOT_IN_BROWSER_CODE = [
  ...NODE_BUILTINS,
  'electron',
  'better-sqlite3',
  'socket.io',
  '**/src-main/**',
  '**/src-preload/**',
  '**/hub/src/**',
  '**/src-renderer/**',
];

/** Who may import whom: shared code is the bottom layer; the renderer never reaches main or Node. */
const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'hub/dist/**', 'node_modules/**', 'hub/node_modules/**', 'test-results/**', 'playwright-report/**', '.kep-dev/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Playwright reads a fixture's dependencies from its destructuring pattern, even an empty one.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'src-preload/shell-bridge.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['src-shared/**/*.ts'],
    [
      ...NODE_BUILTINS,
      'electron',
      'better-sqlite3',
      'socket.io',
      'socket.io-client',
      'react',
      'react-dom',
      '**/src-main/**',
      '**/src-renderer/**',
      '**/src-preload/**',
      '**/hub/src/**',
      '**/src-web/**',
    ],
    'src-shared is the common layer: no Node, Electron, DOM library or other layer may be imported here.',
  ),
  layer(
    ['src-renderer/**/*.{ts,tsx}'],
    [...NODE_BUILTINS, 'electron', 'better-sqlite3', '**/src-main/**', '**/src-preload/**', '**/hub/src/**', '**/hub/web/**'],
    'The renderer talks to main only through window.kep: no Node, Electron, main, hub or citizen-page imports.',
  ),
  layer(
    ['src-preload/**/*.ts'],
    [...NODE_BUILTINS, 'better-sqlite3', '**/src-main/**', '**/src-renderer/**', '**/hub/src/**', '**/src-web/**'],
    'The preload only builds window.kep from the contract.',
  ),
  layer(
    ['src-main/**/*.ts'],
    ['**/src-renderer/**', '**/src-web/**', '**/hub/src/**', 'react', 'react-dom'],
    'Main never imports the renderer, browser code or the hub.',
  ),
  layer(
    ['src-main/!(electron)/**/*.ts'],
    ['electron', '**/src-renderer/**', '**/src-web/**', '**/hub/src/**', 'react', 'react-dom'],
    'Main services are plain Node: only src-main/electron may import Electron.',
  ),
  layer(
    ['hub/**/*.ts'],
    ['electron', '**/src-main/**', '**/src-renderer/**', '**/src-preload/**', '**/src-web/**', 'react', 'react-dom'],
    'The hub shares only src-shared with the app.',
  ),
  {
    files: ['hub/web/**/*.{ts,tsx}', 'src-web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Browser code shared by the desk and the citizen page runs in both: no Node, no Electron, no
  // server, no window.kep (the page has none), and no side's own words (each passes its dictionary in).
  {
    files: ['src-web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...NOT_IN_BROWSER_CODE, '**/hub/web/**'],
              message: 'src-web is browser code shared by the desk and the citizen page: no Node, Electron, server, preload, renderer or page imports.',
            },
            {
              regex: '(^|/)i18n/(el|en)$',
              message: "src-web never imports a side's dictionary: the desk and the page pass theirs to the engine.",
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'kep', message: "window.kep is the desk's bridge to main; shared browser code cannot rely on it." },
      ],
      'no-restricted-globals': ['error', { name: 'kep', message: "window.kep is the desk's bridge to main; shared browser code cannot rely on it." }],
    },
  },
  // The citizen's page runs in any browser: no Node, no server side, and none of the desk's
  // renderer (what it shares with the desk lives in src-web).
  {
    files: ['hub/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: NOT_IN_BROWSER_CODE,
              message: 'The citizen page is browser code: no Node, Electron, server or desk imports (shared browser code lives in src-web).',
            },
            {
              // hub/src as the page's own relative paths spell it (../src/…, ../../src/…).
              regex: '^(\\.\\./)+src/',
              message: 'The citizen page is browser code: it never imports the hub server (hub/src).',
            },
          ],
        },
      ],
    },
  },
  // One owner per hub table (issue 13): the SQL for a table lives in hub/src/store/tables, and the
  // rest of the hub calls its typed functions, composing them with store.transaction().
  {
    files: ['hub/src/**/*.ts'],
    ignores: ['hub/src/store/**'],
    rules: {
      'no-restricted-syntax': ['error', ...hubStoreBoundary()],
    },
  },
  {
    // React's rules of hooks, and effects that name everything they read: a missing dependency
    // is a stale value, an extra one (a translation function) re-runs a call's set-up.
    files: ['src-renderer/**/*.{ts,tsx}', 'hub/web/**/*.{ts,tsx}', 'src-web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // Formatting is Prettier's (npm run format); lint rules that would fight it are off.
  prettier,
);

function hubStoreBoundary() {
  const message = (what) =>
    `${what} Only hub/src/store reaches the hub's database: call the table's owner (store.<table>, hub/src/store/tables/) and compose several in store.transaction().`;
  const sql = '/^\\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|PRAGMA|WITH)\\s/';
  return [
    { selector: "MemberExpression[property.name='db']", message: message('No raw database handle (store.db) outside the store.') },
    { selector: "CallExpression[callee.property.name='prepare']", message: message('No prepared statements outside the store.') },
    { selector: `Literal[value=${sql}]`, message: message('No SQL outside the store.') },
    { selector: `TemplateElement[value.raw=${sql}]`, message: message('No SQL outside the store.') },
    {
      selector: 'ImportDeclaration[source.value=/^better-sqlite3$|store\\/(open-database|statement-cache)$/]',
      message: message('No database driver outside the store.'),
    },
  ];
}
