// Model-based property test: random backups, forgets, gcs and crashes at every interesting step.
// Invariant: the repository lists exactly the points the model expects, and every one of them
// verifies and restores byte-identical.
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { GcStep } from './gc';
import { Repo, type RepoOptions } from './repo';
import { backupPoint, makeLockStale, tempDir } from './test-support';
import { PARENT_POINT_LABEL } from './types';

const BS = 4096;
const POOL = 6;

type CrashAt = 'commit' | 'forget' | `gc:${GcStep}` | 'idle';
type Op =
  | { kind: 'backup'; disks: number[][]; chained: boolean }
  | { kind: 'forget'; keepLast: number }
  | { kind: 'gc'; threshold: number }
  | { kind: 'crash'; at: CrashAt; then: Op };

/** Block choice: 0 = zeros, 1..POOL = a shared block (dedupe across points), above = a block unique to this point. */
const diskArb = fc.array(fc.integer({ min: 0, max: POOL + 3 }), { minLength: 1, maxLength: 8 });
const backupArb = fc.record({ kind: fc.constant('backup' as const), disks: fc.array(diskArb, { minLength: 1, maxLength: 2 }), chained: fc.boolean() });
const forgetArb = fc.record({ kind: fc.constant('forget' as const), keepLast: fc.integer({ min: 0, max: 3 }) });
const gcArb = fc.record({ kind: fc.constant('gc' as const), threshold: fc.constantFrom(0, 0.5) });
const crashArb = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), at: fc.constant<CrashAt>('commit'), then: backupArb }),
  fc.record({ kind: fc.constant('crash' as const), at: fc.constant<CrashAt>('forget'), then: forgetArb }),
  fc.record({
    kind: fc.constant('crash' as const),
    at: fc.constantFrom<CrashAt>('gc:marked', 'gc:pack-rewritten', 'gc:pack-deleted', 'gc:swept'),
    then: gcArb,
  }),
  fc.record({ kind: fc.constant('crash' as const), at: fc.constant<CrashAt>('idle'), then: backupArb }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof({ weight: 4, arbitrary: backupArb }, { weight: 2, arbitrary: forgetArb }, { weight: 2, arbitrary: gcArb }, { weight: 2, arbitrary: crashArb });

/** Deterministic bytes per (seed, block id) so shrinking replays the same data. */
function block(seed: number, id: number): Buffer {
  const b = Buffer.alloc(BS);
  let x = (seed * 2654435761 + id * 40503 + 1) >>> 0;
  for (let i = 0; i < BS; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, i);
  }
  return b;
}

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true })));
});

async function checkAll(repo: Repo, model: Map<string, Record<string, Buffer>>, scratch: string): Promise<void> {
  expect((await repo.listPoints()).map((p) => p.id)).toEqual([...model.keys()]);
  for (const [id, disks] of model) {
    const report = await repo.verify(id);
    expect(report.damaged).toEqual([]);
    for (const [key, image] of Object.entries(disks)) {
      const out = path.join(scratch, 'restore.raw');
      await repo.restoreRaw(id, key, out);
      expect((await fs.readFile(out)).equals(image)).toBe(true);
    }
  }
}

describe('property: backup / forget / gc / crash', () => {
  it('every remaining point verifies and restores byte-identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1 << 30 }), fc.array(opArb, { minLength: 1, maxLength: 10 }), async (seed, ops) => {
        const root = await tempDir('ferry-prop-');
        roots.push(root);
        const dir = path.join(root, 'repo');
        let armed: CrashAt | undefined;
        const crash = (at: CrashAt) => {
          if (armed === at) {
            armed = undefined;
            throw new Error(`simulated crash at ${at}`);
          }
        };
        const options: RepoOptions = {
          packTargetBytes: 3 * BS,
          faults: {
            beforePointRename: () => crash('commit'),
            afterForgetPoint: () => crash('forget'),
            gcStep: (s) => crash(`gc:${s}`),
          },
        };
        let repo = await Repo.create(dir, options);
        const model = new Map<string, Record<string, Buffer>>();
        let uniq = 1000;

        const apply = async (op: Op): Promise<void> => {
          switch (op.kind) {
            case 'backup': {
              const disks: Record<string, Buffer> = {};
              op.disks.forEach((choices, d) => {
                disks[`vm-${d}/0`] = Buffer.concat(choices.map((c) => (c === 0 ? Buffer.alloc(BS) : block(seed, c <= POOL ? c : uniq++))));
              });
              const parent = [...model.keys()].at(-1);
              const labels: Record<string, string> = op.chained && parent ? { [PARENT_POINT_LABEL]: parent } : {};
              const info = await backupPoint(repo, disks, BS, labels);
              model.set(info.id, disks);
              return;
            }
            case 'forget': {
              const { removed } = await repo.forget({ keepLast: op.keepLast });
              for (const p of removed) model.delete(p.id);
              return;
            }
            case 'gc':
              await repo.gc({ repackThreshold: op.threshold });
              return;
            case 'crash': {
              const before = new Set(model.keys());
              armed = op.at;
              await apply(op.then).catch((e: unknown) => {
                if (!(e instanceof Error && e.message.includes('simulated crash'))) throw e;
              });
              armed = undefined;
              await repo.simulateCrash();
              if (await fs.access(path.join(dir, 'lock')).then(() => true, () => false)) await makeLockStale(dir);
              repo = await Repo.open(dir, options);
              // A forget interrupted midway removed some of its points, each one entirely: take what is listed,
              // after checking it is a subset of what existed before.
              const listed = (await repo.listPoints()).map((p) => p.id);
              for (const id of listed) expect(before.has(id) || model.has(id)).toBe(true);
              for (const id of [...model.keys()]) if (!listed.includes(id)) model.delete(id);
              await checkAll(repo, model, root);
              return;
            }
          }
        };

        try {
          for (const op of ops) await apply(op);
          await checkAll(repo, model, root);
          // Finally a clean gc must also leave everything restorable.
          await repo.gc({ repackThreshold: 0 });
          await checkAll(repo, model, root);
        } finally {
          await repo.close().catch(() => undefined);
          await fs.rm(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
