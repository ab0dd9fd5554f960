// Guest file restore as an admin does it: a backup of WEB01 and APP02, then Restore guest files on its restore point:
// WEB01's C:\inetpub\wwwroot found by browsing and by search, restored byte-identical with its times, one file
// downloaded from the web console; a file out of the Linux VM's ext4.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import { GuestFilesPage } from './pages/GuestFilesPage';

const JOB = 'Web and Linux guests';
interface ManifestFile { path: string; size: number; sha256: string; mtimeMs: number }
const manifest = JSON.parse(readFileSync(join('assets', 'lab-guests', 'manifest.json'), 'utf8')) as { vms: Record<string, { volumes: Record<string, ManifestFile[]> }> };
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

test.describe.configure({ mode: 'serial' });
test.use({ lab: { stepDelayMs: 0 } });
skipWithoutRunner();
attachHostOutputOnFailure();

test('Restore guest files: browse and search WEB01 C:, restore wwwroot byte-identical, download a file, a file from ext4', async ({ consoleApp, shell, home, shot }) => {
  const job = await consoleApp.call('jobs.create', { name: JOB, vmIds: ['vm-web01', 'vm-app02'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  const { sessionId } = await consoleApp.call('jobs.start', { id: job.id });
  await expect.poll(async () => (await consoleApp.call('sessions.get', { id: sessionId })).session.result, { timeout: 60_000 }).toBe('Success');

  await shell.open('Home');
  await home.selectJob(JOB);
  await home.restorePointRows().first().getByRole('button', { name: /^Restore guest files/ }).click();
  const flr = new GuestFilesPage(consoleApp.page);
  await flr.chooseVm('WEB01');
  await expect(flr.dialog.getByRole('combobox', { name: 'Volume' })).toHaveText(/^C: Windows \(p2, NTFS\)/);

  // by browsing
  await flr.openFolder('inetpub');
  await flr.openFolder('wwwroot');
  await expect(flr.row('index.html')).toBeVisible();
  await expect(flr.row('web.config')).toContainText('202 B');
  await shot('guest-files-01-browse');
  await expectNoSeriousA11yViolations(consoleApp.page, 'Restore guest files, a folder');

  // by search, from the root of C:
  await flr.toRoot('C:');
  await flr.search('wwwroot');
  await expect(flr.row('inetpub/wwwroot')).toBeVisible();
  await flr.select('wwwroot');
  const out = join(consoleApp.dataDir, 'e2e-restored');
  mkdirSync(out, { recursive: true });
  const report = await flr.restoreInto(out);
  const originals = manifest.vms.WEB01.volumes.p2.filter((f) => f.path.startsWith('inetpub/wwwroot/'));
  await expect(report.getByRole('status')).toHaveText(new RegExp(`^Restored ${originals.length} file\\(s\\) and \\d+ folder\\(s\\)`));
  await shot('guest-files-02-restored');
  for (const f of originals) {
    const p = join(out, 'wwwroot', f.path.slice('inetpub/wwwroot/'.length));
    expect(sha(p), f.path).toBe(f.sha256);
    expect(statSync(p).mtimeMs, f.path).toBe(f.mtimeMs);
  }

  // download one file from the web console
  if (consoleApp.kind === 'browser') {
    await flr.search('site.css');
    await flr.select('site.css');
    const [download] = await Promise.all([consoleApp.page.waitForEvent('download'), flr.dialog.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('site.css');
    const saved = join(consoleApp.dataDir, 'site.css');
    await download.saveAs(saved);
    expect(sha(saved)).toBe(originals.find((f) => f.path.endsWith('site.css'))!.sha256);
  }

  // the Linux VM: its ext4 root
  await flr.chooseVm('APP02');
  await expect(flr.dialog.getByRole('combobox', { name: 'Volume' })).toHaveText(/^root \(p1, ext4\)/);
  await flr.openFolder('etc');
  await flr.select('hostname');
  const linuxOut = join(consoleApp.dataDir, 'e2e-restored-linux');
  mkdirSync(linuxOut, { recursive: true });
  await expect((await flr.restoreInto(linuxOut)).getByRole('status')).toHaveText(/^Restored 1 file\(s\) and 0 folder\(s\)/);
  expect(readFileSync(join(linuxOut, 'hostname'), 'utf8')).toBe('app02\n');
  await shot('guest-files-03-linux');
});
