// `ferry serve --platform`: a bad value is a usage error; windows on a non-Windows machine fails with the reason
// and a stable code before anything is written to the data folder.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'ferry-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ferry(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ferry serve --platform', () => {
  it('is listed in the usage', async () => {
    expect((await ferry('serve', '--help')).out).toContain('[--platform lab|windows]');
  });

  it('refuses an unknown platform with exit code 2', async () => {
    const r = await ferry('serve', '--data', dir, '--platform', 'vmware');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--platform must be one of lab, windows/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('windows here: exit 1, E_INVALID_PARAMS with the reason, nothing written', async () => {
    const r = await ferry('serve', '--data', dir, '--platform', 'windows');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^ferry: E_INVALID_PARAMS: The windows platform needs Windows: .* this machine runs ${process.platform}\\.$`));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('ferry serve --agent-package', () => {
  it('is listed in the usage', async () => {
    expect((await ferry('serve', '--help')).out).toContain('[--agent-package DIR]');
  });

  it('refuses a folder that is not an agent package with exit code 2, before anything is written', async () => {
    const r = await ferry('serve', '--data', dir, '--platform', 'windows', '--agent-package', join(dir, 'release', 'agent'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--agent-package .* is not a Ferry agent package \(no install-agent\.ps1 and app\/cli\.js\); build one with npm run dist:agent/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
