// Lint, including the layering of docs/style.md ("Our conventions"), which this file makes checkable:
//   ui -> stores -> sip | services -> core;  server/ imports only src/core.
//   jssip only under src/sip, pkijs/asn1js only under src/core, React only under src/ui.
//   src/core is pure: no DOM, no React, no JsSIP, no Node built-ins.
// The layering is one local rule, `layering/imports`, that resolves each import against the importing file and
// checks the folder it lands in, so `src/core/credentials` may import `../sip/index.ts` (that is src/core/sip) while
// `src/core/x.ts` may not import `../sip/client.ts` (src/sip). test/lint/layering.test.ts proves every rule fires.
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/**
 * The layers, as folders, and the other layers each may import (besides itself). A layer reaches every layer below
 * it, as stores reach src/core; siblings (src/sip and src/services) do not reach each other.
 */
const LAYERS = {
  'src/core': [],
  'src/sip': ['src/core'],
  'src/services': ['src/core'],
  'src/stores': ['src/sip', 'src/services', 'src/core'],
  'src/ui': ['src/stores', 'src/core'],
  server: ['src/core'],
};

/** Files allowed more than their layer: the composition root builds the services and the SIP client for the store. */
const COMPOSITION_ROOTS = {
  'src/ui/main.tsx': ['src/stores', 'src/sip', 'src/services', 'src/core'],
};

/** Packages that only some layers may import (subpaths such as `jssip/lib/UA` or `react-dom/client` included). */
const PACKAGE_LAYERS = {
  jssip: ['src/sip'],
  pkijs: ['src/core'],
  asn1js: ['src/core'],
  react: ['src/ui'],
  'react-dom': ['src/ui'],
  zustand: ['src/stores', 'src/ui'],
};

/** Layers that run in browsers and Node alike, so may not import Node built-ins (`fs`, `node:crypto`, ...). */
const NO_NODE_BUILTINS = ['src/core'];

const SEE = 'see docs/style.md "Our conventions"';

/** `a/b/c.ts` relative to the repository, with `/` separators; undefined outside it. */
function repoPath(absolute) {
  const relative = path.relative(ROOT, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The layer folder holding a repository path, if any. */
function layerOf(file) {
  return Object.keys(LAYERS).find((layer) => file === layer || file.startsWith(`${layer}/`));
}

/** `@scope/name` or `name` of a bare specifier, without a `node:` scheme. */
function packageName(specifier) {
  const parts = specifier.replace(/^node:/, '').split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** What is wrong with importing `specifier` from the repository file `file`, or undefined when nothing is. */
function layeringProblem(file, specifier) {
  const layer = layerOf(file);
  if (layer === undefined) return undefined;
  const allowed = COMPOSITION_ROOTS[file] ?? LAYERS[layer];
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = repoPath(path.resolve(ROOT, path.dirname(file), specifier.replace(/[?#].*$/, '')));
    if (target === undefined) return undefined;
    const targetLayer = layerOf(target);
    if (targetLayer === layer || allowed.includes(targetLayer)) return undefined;
    return `${layer} may not import ${targetLayer ?? target} ('${specifier}'): ${SEE}`;
  }
  if (specifier.startsWith('node:') || isBuiltin(specifier)) {
    return NO_NODE_BUILTINS.includes(layer) ? `${layer} is pure TypeScript, without Node built-ins ('${specifier}'): ${SEE}` : undefined;
  }
  const owners = PACKAGE_LAYERS[packageName(specifier)];
  if (owners === undefined || owners.includes(layer)) return undefined;
  return `${packageName(specifier)} may be imported only under ${owners.join(', ')}, not ${layer} ('${specifier}'): ${SEE}`;
}

/** Every form of import counts, type-only ones too: the UI gets its types through src/stores/types.ts. */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer table of docs/style.md, resolved against the importing file' },
    schema: [],
  },
  create(context) {
    const file = repoPath(context.filename);
    if (file === undefined || layerOf(file) === undefined) return {};
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const message = layeringProblem(file, source.value);
      if (message !== undefined) context.report({ node: source, message: `layering: ${message}` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportType: (node) => check(node.source),
      TSExternalModuleReference: (node) => check(node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node.arguments[0]);
      },
    };
  },
};

/** The DOM globals that would tie src/core to a browser. */
const domGlobals = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'WebSocket', 'RTCPeerConnection', 'MediaStream', 'HTMLElement', 'Element', 'Node', 'alert', 'self'];

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
    files: ['src/**/*.{ts,tsx,js,mjs}', 'server/**/*.{ts,tsx,js,mjs}'],
    plugins: { layering: { rules: { imports: importsRule } } },
    rules: { 'layering/imports': 'error' },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': ['error', ...domGlobals.map((name) => ({ name, message: `src/core is pure TypeScript: no DOM (${SEE})` }))],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
