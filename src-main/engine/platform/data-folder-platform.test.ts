// A data folder keeps the platform it was first used with: the default next time, and the other one is refused
// before anything happens (its ledger would otherwise be "recovered" through the wrong platform).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { createEngine, type EngineOptions } from '../facade/engine';
import { Store } from '../store/store';

const dir = mkdtempSync(join(tmpdir(), 'ferry-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (platform?: EngineOptions['platform']): EngineOptions => ({
  dataDir: dir,
  sink: { state: () => undefined, log: () => undefined },
  onTask: () => undefined,
  version: '0.0.0-test',
  platform,
});

async function failure(p: Promise<unknown>): Promise<FerryError> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
  if (!(e instanceof FerryError)) throw e;
  return e;
}

describe('the data folder remembers its platform', () => {
  it('a new folder becomes a lab folder, and refuses the windows platform afterwards', async () => {
    const engine = await createEngine(options());
    expect(engine.platform.kind).toBe('lab');
    expect(engine.store.getConfig('platform')).toBe('lab');
    await engine.close();

    const err = await failure(createEngine(options('windows')));
    expect(err.code).toBe(ErrorCode.InvalidParams);
    expect(err.message).toBe("This data folder holds the lab platform's sessions and snapshot ledger; it cannot be opened with the windows platform.");
  });

  it('a windows folder starts with the windows platform by default (here: refused, this is not Windows)', async () => {
    const store = new Store(join(dir, 'ferry.db'));
    store.setConfig('platform', 'windows');
    store.close();
    const err = await failure(createEngine(options()));
    expect(err.message).toMatch(/^The windows platform needs Windows/);
    expect((await failure(createEngine(options('lab')))).message).toMatch(/holds the windows platform's sessions/);
  });
});
