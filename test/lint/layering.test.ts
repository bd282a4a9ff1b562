/**
 * The layering of STYLE.md is enforced by eslint.config.js; these cases prove the rules fire (and stay quiet on
 * allowed imports), so a careless edit of the config cannot switch them off unnoticed.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.ruleId!);
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
];

describe('layering lint (STYLE.md)', () => {
  it.each(cases)('$name', async ({ file, code, violates }) => {
    const errors = await layeringErrors(file, code);
    if (violates) expect(errors.length).toBeGreaterThan(0);
    else expect(errors).toEqual([]);
  });
});
