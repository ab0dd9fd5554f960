// The folder's layout rules (README "Layout"): product code never imports testing/ (test doubles, fixtures), the
// public index exports no test double, and the platform's modules import each other without cycles.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = dirname(fileURLToPath(import.meta.url));
const TESTING = join(ROOT, 'testing');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith('__') ? [] : tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

const isTest = (file: string) => file.endsWith('.test.ts');
const isTesting = (file: string) => file.startsWith(TESTING + '/');

/** Files inside this folder that `file` imports or re-exports (relative specifiers only). */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']*|\.{1,2})'/g)].map((m) => m[1]);
  const files = new Set(tsFiles(ROOT));
  return specs
    .map((s) => resolve(dirname(file), s))
    .map((p) => (files.has(`${p}.ts`) ? `${p}.ts` : files.has(join(p, 'index.ts')) ? join(p, 'index.ts') : null))
    .filter((p): p is string => p !== null);
}

const product = tsFiles(ROOT).filter((f) => !isTest(f) && !isTesting(f));

describe('platform/windows layout', () => {
  it('product code never imports testing/', () => {
    const offenders = product.flatMap((f) => localImports(f).filter(isTesting).map((t) => `${relative(ROOT, f)} → ${relative(ROOT, t)}`));
    expect(offenders).toEqual([]);
  });

  it('the public index exports no test double', () => {
    const index = join(ROOT, 'index.ts');
    expect(localImports(index).filter(isTesting)).toEqual([]);
    const exported = readFileSync(index, 'utf8').split('\n').filter((line) => line.startsWith('export'));
    expect(exported.join('\n')).not.toMatch(/ScriptedExecutor|UnexpectedCallError|\bok\b|psJson/);
  });

  it('no import cycle between the product modules', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of localImports(file)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const f of product) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
