// Import cycles in src-main, src-shared and src-renderer: every strongly connected group of modules, printed as
// one cycle through it. `import type` counts too: a type cycle still means two modules that cannot be read,
// changed or moved one without the other. Exits 1 when there is any cycle (npm test runs it as its own suite).
// eslint-plugin-import-x (no-cycle) is not installed and would be a new dependency: TypeScript's own pre-processor
// finds the import specifiers instead, and relative ones are resolved the way tsc and esbuild do.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOTS = ['src-main', 'src-shared', 'src-renderer'];
const SOURCE = /\.(ts|tsx|mts|cts)$/;
const root = resolve(process.argv.find((a, i) => i > 1 && !a.startsWith('--')) ?? '.');

function listFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(listFiles(full));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const files = ROOTS.flatMap((r) => {
  try {
    return listFiles(join(root, r));
  } catch {
    return [];
  }
});
const known = new Set(files);

/** The file a relative specifier names (./x, ./x.js, ./dir → ./dir/index.ts), or null for packages and the unknown. */
function resolveSpecifier(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const stem = base.replace(/\.(js|mjs|cjs|jsx)$/, '');
  const candidates = [base, ...['.ts', '.tsx', '.mts', '.cts'].map((e) => stem + e), ...['index.ts', 'index.tsx'].map((i) => join(base, i))];
  return candidates.find((c) => known.has(c)) ?? null;
}

const graph = new Map();
for (const f of files) {
  const info = ts.preProcessFile(readFileSync(f, 'utf8'), true, true);
  const deps = new Set();
  for (const imp of info.importedFiles) {
    const target = resolveSpecifier(f, imp.fileName);
    if (target) deps.add(target);
  }
  graph.set(f, [...deps]);
}

// Tarjan's strongly connected components (iterative: deep import chains must not overflow the stack).
function components() {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const out = [];
  for (const start of files) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const deps = graph.get(v);
      if (i < deps.length) {
        frame[1]++;
        const w = deps[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || graph.get(v).includes(v)) out.push(comp);
      }
    }
  }
  return out;
}

/** A shortest cycle through the group's first module (breadth-first inside the group). */
function cycleThrough(comp) {
  const inside = new Set(comp);
  const start = [...comp].sort()[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = prev.get(x)) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

const rel = (f) => relative(root, f).split('\\').join('/');
const cycles = components();
for (const comp of cycles) {
  console.log(`import cycle (${comp.length} module(s)): ${cycleThrough(comp).map(rel).join(' → ')}`);
  if (comp.length > 2) console.log(`  all modules of this group: ${comp.map(rel).sort().join(', ')}`);
}
console.log(cycles.length === 0 ? `no import cycles in ${files.length} files` : `${cycles.length} import cycle group(s) in ${files.length} files`);
process.exitCode = cycles.length === 0 ? 0 : 1;
