// Mount on a restore point, as an admin uses it: the newest point of a job mounted from the console, read by a
// real NBD client (nbdinfo: read-only, the disk's size; nbdcopy: the bytes), the counters moving, Stop ending it.
import { execFileSync } from 'node:child_process';
import { expectNoSeriousA11yViolations } from './fixtures/a11y';
import { attachHostOutputOnFailure, expect, skipWithoutRunner, test } from './fixtures/test';
import { MountDialogPage } from './pages/MountDialogPage';

const JOB = 'Mount me';

test.describe.configure({ mode: 'serial' });
skipWithoutRunner();
attachHostOutputOnFailure();

test('a restore point disk mounted from the console is read over NBD, read-only, and stopped', async ({ consoleApp, home, shot }) => {
  const job = await consoleApp.call('jobs.create', { name: JOB, vmIds: ['vm-dc01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } });
  const { sessionId } = await consoleApp.call('jobs.start', { id: job.id });
  await expect.poll(async () => (await consoleApp.call('sessions.get', { id: sessionId })).session.result, { timeout: 60_000 }).toBe('Success');
  const [point] = await consoleApp.call('restorePoints.list', { jobId: job.id });

  await home.selectJob(JOB);
  const mount = await MountDialogPage.open(home.restorePointRows().first());
  await mount.chooseDisk(/^DC01 — disk 0/);
  const url = await mount.mount();
  await expect(mount.counters()).toHaveText(/^0 clients connected/);

  // What the dialog's commands do: a real client reads the export, read-only, with the disk's size.
  const info = JSON.parse(execFileSync('nbdinfo', ['--json', url], { encoding: 'utf8' })) as { exports: Array<Record<string, unknown>> };
  expect(info.exports[0]).toMatchObject({ 'export-size': point.disks[0].virtualSizeBytes, is_read_only: true });
  execFileSync('nbdcopy', [url, 'null:']);
  await expect(mount.counters()).toHaveText(/ MB read · [1-9]\d* chunks from the repository$/, { timeout: 10_000 });
  await expect(mount.dialog.getByRole('list', { name: 'Commands that read the mounted disk' })).toContainText(`qemu-img convert -p -f raw -O raw '${url}'`);
  await shot('mount-01-mounted');
  await expectNoSeriousA11yViolations(home.page, 'Mount dialog');

  await mount.stop();
  expect(await consoleApp.call('mount.list', {})).toEqual([]);
  expect(() => execFileSync('nbdinfo', [url], { stdio: 'pipe' })).toThrow();
  await mount.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(mount.dialog).toBeHidden();
});
