/**
 * The layering of docs/style.md is enforced by eslint.config.js (the local rule `layering/imports`, which resolves
 * each import against the importing file, and no-restricted-globals for the DOM in src/core); these cases prove each
 * rule fires, and stays quiet on allowed imports, so a careless edit of the config cannot switch one off unnoticed.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

const LAYERING_RULES = ['layering/imports', 'no-restricted-globals'];

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  // A case that does not parse would pass as "allowed" without proving anything.
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => LAYERING_RULES.includes(m.ruleId ?? '')).map((m) => m.ruleId!);
}

const cases: { name: string; file: string; code: string; violates: boolean }[] = [
  { name: 'core importing React', file: 'src/core/x.ts', code: "import React from 'react';\nexport const x = React;", violates: true },
  { name: 'core importing JsSIP', file: 'src/core/x.ts', code: "import JsSIP from 'jssip';\nexport const x = JsSIP;", violates: true },
  { name: 'core importing a Node built-in', file: 'src/core/x.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", violates: true },
  { name: 'core touching the DOM', file: 'src/core/x.ts', code: 'export const x = document.title;', violates: true },
  { name: 'core touching window', file: 'src/core/x.ts', code: 'export const x = window.crypto;', violates: true },
  { name: 'core importing the sip layer', file: 'src/core/x.ts', code: "import { y } from '../sip/client.ts';\nexport const x = y;", violates: true },
  { name: 'core importing pkijs', file: 'src/core/x.ts', code: "import * as pkijs from 'pkijs';\nexport const x = pkijs;", violates: false },
  { name: 'server importing the sip layer', file: 'server/x.ts', code: "import { y } from '../src/sip/client.ts';\nexport const x = y;", violates: true },
  { name: 'server importing the stores', file: 'server/x.ts', code: "import { y } from '../src/stores/app.ts';\nexport const x = y;", violates: true },
  { name: 'server importing the ui', file: 'server/x.ts', code: "import { y } from '../src/ui/App.tsx';\nexport const x = y;", violates: true },
  { name: 'server importing core', file: 'server/x.ts', code: "import { utf8 } from '../src/core/bytes.ts';\nexport const x = utf8;", violates: false },
  { name: 'ui importing JsSIP', file: 'src/ui/x.tsx', code: "import JsSIP from 'jssip';\nexport const x = JsSIP;", violates: true },
  { name: 'stores importing React', file: 'src/stores/x.ts', code: "import React from 'react';\nexport const x = React;", violates: true },
  { name: 'sip importing pkijs', file: 'src/sip/x.ts', code: "import * as pkijs from 'pkijs';\nexport const x = pkijs;", violates: true },
  { name: 'sip importing JsSIP', file: 'src/sip/x.ts', code: "import JsSIP from 'jssip';\nexport const x = JsSIP;", violates: false },

  // src/core: only itself, resolved against the importing file (src/core/sip is part of the core).
  { name: 'core importing core/sip', file: 'src/core/credentials/x.ts', code: "import { parseUri } from '../sip/index.ts';\nexport const x = parseUri;", violates: false },
  { name: 'core importing core/sip, type only', file: 'src/core/identity/x.ts', code: "import type { SipRequest } from '../sip/index.ts';\nexport type X = SipRequest;", violates: false },
  { name: 'core importing src/sip from a subfolder', file: 'src/core/credentials/x.ts', code: "import { y } from '../../sip/sip-client.ts';\nexport const x = y;", violates: true },
  { name: 'core importing src/sip, type only', file: 'src/core/credentials/x.ts', code: "import type { CallInfo } from '../../sip/sip-client.ts';\nexport type X = CallInfo;", violates: true },
  { name: 'core re-exporting src/sip', file: 'src/core/x.ts', code: "export * from '../sip/sip-client.ts';", violates: true },
  { name: 'core importing src/stores dynamically', file: 'src/core/x.ts', code: "export const x = () => import('../stores/app-store.ts');", violates: true },
  { name: 'core naming a src/services type by import()', file: 'src/core/x.ts', code: "export type X = import('../services/directory.ts').CallRecord;", violates: true },
  { name: 'core importing the ui', file: 'src/core/x.ts', code: "import { y } from '../ui/App.tsx';\nexport const x = y;", violates: true },
  { name: 'core importing zustand', file: 'src/core/x.ts', code: "import { createStore } from 'zustand/vanilla';\nexport const x = createStore;", violates: true },
  { name: 'core importing a bare Node built-in', file: 'src/core/x.ts', code: "import { readFileSync } from 'fs';\nexport const x = readFileSync;", violates: true },
  { name: 'core importing asn1js', file: 'src/core/der/x.ts', code: "import * as asn1js from 'asn1js';\nexport const x = asn1js;", violates: false },
  { name: 'core touching fetch', file: 'src/core/x.ts', code: 'export const x = fetch;', violates: true },
  { name: 'core using its own crypto parameter', file: 'src/core/x.ts', code: 'export const x = (crypto: Crypto) => crypto.subtle;', violates: false },

  // src/ui: the stores (and the core), never src/sip or src/services, except in the composition root.
  { name: 'ui importing src/sip', file: 'src/ui/x.tsx', code: "import { createJsSipClient } from '../sip/jssip-client.ts';\nexport const x = createJsSipClient;", violates: true },
  { name: 'ui importing src/sip, type only', file: 'src/ui/CallPanel.tsx', code: "import type { CallInfo } from '../sip/sip-client.ts';\nexport type X = CallInfo;", violates: true },
  { name: 'ui importing src/services', file: 'src/ui/x.tsx', code: "import { createBrowserDirectory } from '../services/directory.ts';\nexport const x = createBrowserDirectory;", violates: true },
  { name: 'ui importing src/services, type only', file: 'src/ui/Directory.tsx', code: "import type { CallRecord } from '../services/directory.ts';\nexport type X = CallRecord;", violates: true },
  { name: 'ui importing the types the stores re-export', file: 'src/ui/x.tsx', code: "import type { CallInfo, CallRecord } from '../stores/types.ts';\nexport type X = CallInfo | CallRecord;", violates: false },
  { name: 'ui importing React and zustand', file: 'src/ui/x.tsx', code: "import { useState } from 'react';\nimport { useStore } from 'zustand';\nexport const x = [useState, useStore];", violates: false },
  { name: 'ui importing pkijs', file: 'src/ui/x.tsx', code: "import * as pkijs from 'pkijs';\nexport const x = pkijs;", violates: true },
  {
    name: 'the composition root importing src/sip and src/services',
    file: 'src/ui/main.tsx',
    code: "import { createJsSipClient } from '../sip/jssip-client.ts';\nimport { createBrowserDirectory } from '../services/directory.ts';\nimport { createAppStore } from '../stores/app-store.ts';\nexport const x = [createJsSipClient, createBrowserDirectory, createAppStore];",
    violates: false,
  },

  // src/stores: src/sip, src/services and the core, never the ui.
  { name: 'stores importing the ui', file: 'src/stores/x.ts', code: "import { App } from '../ui/App.tsx';\nexport const x = App;", violates: true },
  { name: 'stores importing the ui, type only', file: 'src/stores/x.ts', code: "import type { Props } from '../ui/App.tsx';\nexport type X = Props;", violates: true },
  { name: 'stores importing src/sip and src/services', file: 'src/stores/x.ts', code: "import type { SipClient } from '../sip/sip-client.ts';\nimport type { Directory } from '../services/directory.ts';\nexport type X = SipClient | Directory;", violates: false },
  { name: 'stores importing zustand', file: 'src/stores/x.ts', code: "import { createStore } from 'zustand/vanilla';\nexport const x = createStore;", violates: false },
  { name: 'stores importing JsSIP', file: 'src/stores/x.ts', code: "import JsSIP from 'jssip';\nexport const x = JsSIP;", violates: true },

  // src/sip: the core only; its sibling src/services and the layers above are out of reach.
  { name: 'sip importing the stores', file: 'src/sip/x.ts', code: "import { createAppStore } from '../stores/app-store.ts';\nexport const x = createAppStore;", violates: true },
  { name: 'sip importing src/services', file: 'src/sip/x.ts', code: "import { y } from '../services/directory.ts';\nexport const x = y;", violates: true },
  { name: 'sip importing the ui', file: 'src/sip/x.ts', code: "import { App } from '../ui/App.tsx';\nexport const x = App;", violates: true },
  { name: 'sip importing React', file: 'src/sip/x.ts', code: "import { useState } from 'react';\nexport const x = useState;", violates: true },
  { name: 'sip importing core/sip and JsSIP internals', file: 'src/sip/x.ts', code: "import { parseSipMessage } from '../core/sip/index.ts';\nimport type UA from 'jssip/lib/UA';\nexport const x = parseSipMessage;\nexport type Y = UA;", violates: false },

  // src/services: the core only (docs/style.md: stores -> services, never back).
  { name: 'services importing the stores', file: 'src/services/x.ts', code: "import { createAppStore } from '../stores/app-store.ts';\nexport const x = createAppStore;", violates: true },
  { name: 'services importing src/sip', file: 'src/services/x.ts', code: "import type { SipClient } from '../sip/sip-client.ts';\nexport type X = SipClient;", violates: true },
  { name: 'services importing zustand', file: 'src/services/x.ts', code: "import { createStore } from 'zustand/vanilla';\nexport const x = createStore;", violates: true },
  { name: 'services importing the core', file: 'src/services/x.ts', code: "import { parseCertificate } from '../core/x509/index.ts';\nexport const x = parseCertificate;", violates: false },

  // server/: itself and src/core only (server/sip is the server's own, not src/sip).
  { name: 'server importing core/sip', file: 'server/x.ts', code: "import { parseSipMessage } from '../src/core/sip/index.ts';\nexport const x = parseSipMessage;", violates: false },
  { name: 'server/sip importing its own folder and core/sip', file: 'server/sip/proxy/x.ts', code: "import { y } from '../transport/connection.ts';\nimport { parseUri } from '../../../src/core/sip/index.ts';\nexport const x = [y, parseUri];", violates: false },
  { name: 'server/sip importing src/sip', file: 'server/sip/x.ts', code: "import { y } from '../../src/sip/sip-client.ts';\nexport const x = y;", violates: true },
  { name: 'server importing src/services', file: 'server/x.ts', code: "import { y } from '../src/services/directory.ts';\nexport const x = y;", violates: true },
  { name: 'server importing a test helper', file: 'server/x.ts', code: "import { y } from '../test/helpers/jssip-node.ts';\nexport const x = y;", violates: true },
  { name: 'server importing JsSIP', file: 'server/x.ts', code: "import JsSIP from 'jssip';\nexport const x = JsSIP;", violates: true },
  { name: 'server importing pkijs', file: 'server/x.ts', code: "import * as pkijs from 'pkijs';\nexport const x = pkijs;", violates: true },
  { name: 'server importing Node built-ins', file: 'server/x.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", violates: false },

  // Outside the layers (tests, benches) anything goes.
  { name: 'a test importing src/sip', file: 'test/x.test.ts', code: "import { y } from '../src/sip/sip-client.ts';\nexport const x = y;", violates: false },
];

describe('layering lint (docs/style.md)', () => {
  it.each(cases)('$name', async ({ file, code, violates }) => {
    const errors = await layeringErrors(file, code);
    if (violates) expect(errors.length).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });
});
