/**
 * Sizes of the built app's JavaScript: what a first page load runs (index.html's module scripts and modulepreload
 * links, plus anything they import statically) and the chunks only a dynamic `import()` loads (the crypto core of the
 * browser check). gzip is node:zlib at level 9, per file, summed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface JsFile {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Initial files: how index.html or another initial file brings it in; lazy files: who imports it dynamically. */
  via: string;
}

export interface BundleSizes {
  initial: JsFile[];
  lazy: JsFile[];
  css: JsFile[];
}

const staticImports = (js: string): string[] => [...js.matchAll(/(?:\bimport|\bfrom)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]!);
const dynamicImports = (js: string): string[] => [...js.matchAll(/\bimport\s*\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)].map((m) => m[1]!);

/** `webRoot` is an absolute path to a built dist/web (index.html and assets/). */
export function bundleSizes(webRoot: string): BundleSizes {
  const html = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const sizeOf = (path: string, via: string): JsFile => {
    const bytes = readFileSync(join(webRoot, path));
    return { file: path, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, via };
  };
  const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

  const initial = new Map<string, string>();
  const css: JsFile[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const isScript = tag.startsWith('<script');
    const rel = attr(tag, 'rel');
    const url = attr(tag, isScript ? 'src' : 'href');
    if (!url || /^[a-z]+:/i.test(url)) continue;
    const path = url.replace(/^\//, '');
    if (isScript && attr(tag, 'type') === 'module') initial.set(path, 'entry <script type=module>');
    else if (rel === 'modulepreload') initial.set(path, '<link rel=modulepreload>');
    else if (rel === 'stylesheet') css.push(sizeOf(path, '<link rel=stylesheet>'));
  }
  // Static imports of initial files load with them.
  const queue = [...initial.keys()];
  while (queue.length) {
    const path = queue.shift()!;
    const dir = path.slice(0, path.lastIndexOf('/') + 1);
    for (const dep of staticImports(readFileSync(join(webRoot, path), 'utf8'))) {
      if (!initial.has(dir + dep)) {
        initial.set(dir + dep, `static import from ${path}`);
        queue.push(dir + dep);
      }
    }
  }

  const lazy: JsFile[] = [];
  const allJs = readdirSync(join(webRoot, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  for (const path of allJs) {
    if (initial.has(path)) continue;
    const name = path.slice('assets/'.length);
    const importers = allJs.filter((other) => other !== path && dynamicImports(readFileSync(join(webRoot, other), 'utf8')).includes(name));
    lazy.push(sizeOf(path, importers.length ? `import() from ${importers.join(', ')}` : 'not imported by any chunk'));
  }
  return { initial: [...initial].map(([path, via]) => sizeOf(path, via)), lazy, css };
}
