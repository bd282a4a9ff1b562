// Lint, including the layering of STYLE.md ("Our conventions"), which this file makes checkable:
//   ui -> stores -> sip | services -> core;  server/ imports only src/core.
//   jssip only under src/sip, pkijs/asn1js only under src/core, React only under src/ui.
//   src/core is pure: no DOM, no React, no JsSIP, no Node built-ins.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'tls', 'dgram', 'url', 'util', 'stream', 'buffer', 'events', 'worker_threads'];

/** The DOM globals that would tie src/core to a browser. */
const domGlobals = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'WebSocket', 'RTCPeerConnection', 'MediaStream', 'HTMLElement', 'Element', 'Node', 'alert', 'self'];

const restrict = (paths, patterns) => ['error', { paths: paths.map((name) => ({ name, message: 'layering: see STYLE.md "Our conventions"' })), patterns: patterns.map((group) => ({ group: [group], message: 'layering: see STYLE.md "Our conventions"' })) }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': restrict(['react', 'react-dom', 'jssip', 'zustand', ...nodeBuiltins], ['**/sip/**', '**/stores/**', '**/ui/**', '**/services/**', 'react/*', 'react-dom/*', 'jssip/*', 'node:*']),
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: 'src/core is pure TypeScript: no DOM (STYLE.md)' }))],
    },
  },
  {
    files: ['src/sip/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['react', 'react-dom', 'pkijs', 'asn1js', 'zustand'], ['**/stores/**', '**/ui/**', 'react/*']) },
  },
  {
    files: ['src/stores/**/*.ts', 'src/services/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(['react', 'react-dom', 'jssip', 'pkijs', 'asn1js'], ['**/ui/**', 'jssip/*', 'react/*']) },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(['jssip', 'pkijs', 'asn1js'], ['jssip/*']),
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(['react', 'react-dom', 'zustand'], ['**/src/sip/**', '**/src/stores/**', '**/src/ui/**', '**/src/services/**', '**/src/*.ts', '**/src/*.tsx']),
    },
  },
);
