// The import-cycle check of npm test, run on small trees of its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, 'check-cycles.mjs');
const trees: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ferry-cycles-'));
  trees.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const check = (root: string) => spawnSync(process.execPath, [script, root], { encoding: 'utf8' });

describe('check-cycles', () => {
  afterEach(() => {
    for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
  });

  it('passes a tree whose imports go one way', () => {
    const r = check(tree({ 'src-main/a.ts': "import { b } from './b';\nexport const a = b;\n", 'src-main/b.ts': "import { c } from '../src-shared/c';\nexport const b = c;\n", 'src-shared/c.ts': 'export const c = 1;\n' }));
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('no import cycles in 3 files');
  });

  it('fails on a cycle through a type import and a folder index, and names its modules', () => {
    const r = check(
      tree({
        'src-main/cli/cli.ts': "import { agent } from './agent';\nexport interface Command { run(): void }\nexport const all = [agent];\n",
        'src-main/cli/agent.ts': "import type { Command } from './cli';\nimport { paths } from '../paths';\nexport const agent: Command = { run: () => paths };\n",
        'src-main/paths/index.ts': 'export const paths = 1;\n',
        'src-renderer/x.tsx': "import { y } from './y.js';\nexport const x = y;\n",
        'src-renderer/y.ts': "export { x as y } from './x';\n",
      }),
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('import cycle (2 module(s)): src-main/cli/agent.ts → src-main/cli/cli.ts → src-main/cli/agent.ts');
    expect(r.stdout).toContain('src-renderer/x.tsx → src-renderer/y.ts → src-renderer/x.tsx');
    expect(r.stdout).toContain('2 import cycle group(s) in 5 files');
  });
});
