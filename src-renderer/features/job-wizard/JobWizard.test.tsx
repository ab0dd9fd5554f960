// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import type { PlannedSnapshot } from '../../../src-shared/contract';
import { JobSpec, type Job } from '../../../src-shared/domain';
import { inventory, proxy01, repositories } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { JobWizard } from './JobWizard';

afterEach(cleanup);

/** DC01 gets a second disk, so one of its disks can be left out. */
const inventoryWithTwoDisks = {
  ...inventory,
  vms: inventory.vms.map((vm) =>
    vm.id === 'dc01' ? { ...vm, disks: [...vm.disks, { ...vm.disks[0]!, index: 1, path: 'D:\\VMs\\DC01-pagefile.vhdx' }] } : vm,
  ),
};

const existing: Job = {
  id: 'job-0',
  spec: JobSpec.parse({ name: 'Nightly', vmIds: ['dc01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } }),
  createdAt: '2026-11-25T10:00:00Z',
  lastResult: null,
  lastRunAt: null,
  nextRunAt: null,
};

const plan: PlannedSnapshot[] = [
  { volumeId: 'csv1', volumePath: 'C:\\ClusterStorage\\Volume1', hostName: 'HVC01', vmNames: ['APP01'], mode: 'off-host', proxyName: 'PROXY01', warning: null, failReason: null },
  {
    volumeId: 'vol-d', volumePath: 'D:\\', hostName: 'HV01', vmNames: ['DC01'], mode: 'on-host', proxyName: null,
    warning: 'Failed over to on-host backup: no eligible off-host proxy (PROXY01: busy)', failReason: null,
  },
];

function renderWizard(create: (spec: unknown) => Job, props: { cloneOf?: Job; job?: Job; update?: (p: unknown) => Job } = {}) {
  const onClose = vi.fn();
  const utils = renderWithStore(<JobWizard onClose={onClose} cloneOf={props.cloneOf} job={props.job} />, {
    inventory: inventoryWithTwoDisks,
    proxies: [proxy01],
    repositories,
    jobs: props.job ? [existing, props.job] : [existing],
    answers: { 'jobs.create': (spec) => create(spec), 'jobs.update': (p) => (props.update ?? create)(p), 'jobs.plan': () => plan },
  });
  return { ...utils, onClose, dialog: screen.getByRole('dialog') };
}

const click = (dialog: HTMLElement, name: string) => fireEvent.click(within(dialog).getByRole('button', { name }));
const checkbox = (dialog: HTMLElement, name: string | RegExp) => within(dialog).getByRole('checkbox', { name }) as HTMLInputElement;
const radio = (dialog: HTMLElement, name: string | RegExp) => within(dialog).getByRole('radio', { name }) as HTMLInputElement;

/** Name and one VM: lands on the Storage step with the default repository chosen. */
async function toStorage(dialog: HTMLElement): Promise<void> {
  fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'Incrementals' } });
  click(dialog, 'Next');
  fireEvent.click(within(within(dialog).getByRole('treeitem', { name: /^APP01/ })).getByRole('checkbox'));
  await waitFor(() => expect(within(dialog).getByText(/1 VM selected/)).toBeTruthy());
  click(dialog, 'Next');
  fireEvent.click(within(dialog).getByRole('combobox', { name: /Backup repository/ }));
  fireEvent.click(await screen.findByRole('option', { name: /Default repository/ }));
}
const heading = (dialog: HTMLElement) => within(dialog).getByRole('heading', { level: 3 }).textContent;

describe('New backup job wizard', () => {
  it('does not leave a step until it is valid, and says why', async () => {
    const { dialog } = renderWizard(() => existing);
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Name');
    expect(within(dialog).getByText('Name is required')).toBeTruthy();

    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'nightly' } });
    click(dialog, 'Next');
    expect(within(dialog).getByText('A job with this name already exists')).toBeTruthy();

    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'Cluster apps' } });
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Virtual machines');

    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Virtual machines');
    expect(within(dialog).getByText('Select at least one VM')).toBeTruthy();
  });

  it('walks to Finish with off-host automatic + failover and creates the job', async () => {
    const create = vi.fn((spec: unknown) => ({ ...existing, id: 'job-1', spec: spec as Job['spec'] }));
    const { dialog, onClose } = renderWizard(create);
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'Cluster apps' } });
    click(dialog, 'Next');

    const tree = within(dialog).getByRole('tree');
    const app01 = within(tree).getByRole('treeitem', { name: /^APP01/ });
    fireEvent.click(within(app01).getByRole('checkbox'));
    await waitFor(() => expect(within(dialog).getByText(/1 VM selected/)).toBeTruthy());
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Storage');
    // the only repository is already chosen (validation.test.ts covers the refusal without one)
    expect(within(dialog).getByRole('combobox', { name: /Backup repository/ }).textContent).toMatch(/Default repository/);
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Guest processing');
    expect((within(dialog).getByRole('radio', { name: /^Application-consistent/ }) as HTMLInputElement).checked).toBe(true);
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Processing mode');
    expect((within(dialog).getByRole('radio', { name: /^Off-host backup/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByRole('radio', { name: /^Automatic selection/ }) as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByRole('checkbox', { name: /Failover to on-host/ }) as HTMLInputElement).checked).toBe(true);

    // Pinning without a proxy is refused; picking one fixes it.
    fireEvent.click(within(dialog).getByRole('radio', { name: /Use the following backup proxy servers only/ }));
    click(dialog, 'Next');
    expect(within(dialog).getByText('Pick at least one proxy')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Automatic selection/ }));
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Schedule');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'On selected days of the week' }));
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) fireEvent.click(within(dialog).getByRole('checkbox', { name: day }));
    click(dialog, 'Next');
    expect(within(dialog).getByText('Pick at least one day')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Sat' }));
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Summary');
    const planTable = await within(dialog).findByRole('table', { name: 'Estimated snapshot plan' });
    expect(within(planTable).getByText('Off-host proxy PROXY01')).toBeTruthy();
    expect(within(dialog).getByText(/2 volume snapshots, 1 read off-host, 1 on-host/)).toBeTruthy();
    expect(within(dialog).getByText(/Failed over to on-host backup: no eligible off-host proxy/)).toBeTruthy();
    click(dialog, 'Finish');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(create.mock.calls[0]![0]).toMatchObject({
      name: 'Cluster apps',
      vmIds: ['app01'],
      repositoryId: 'repo-default',
      processing: { mode: 'off-host', proxySelection: 'automatic', pinnedProxyIds: [], failoverToOnHost: true },
      schedule: { kind: 'weekly', at: '22:00', days: ['Sat'] },
    });
  });

  it('shows the field errors of E_INVALID_PARAMS and links to the step', async () => {
    const { dialog, onClose } = renderWizard(() => {
      throw new FerryError('E_INVALID_PARAMS', 'vmIds: unknown VM(s) app01');
    });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'X' } });
    click(dialog, 'Next');
    fireEvent.click(within(within(dialog).getByRole('tree')).getAllByRole('checkbox')[1]!);
    click(dialog, 'Next');
    fireEvent.click(within(dialog).getByRole('combobox', { name: /Backup repository/ }));
    fireEvent.click(await screen.findByRole('option', { name: /Default repository/ }));
    click(dialog, 'Next');
    click(dialog, 'Next');
    click(dialog, 'Next');
    click(dialog, 'Next');
    click(dialog, 'Finish');

    expect(await within(dialog).findByText(/unknown VM\(s\) app01/)).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
    click(dialog, 'Go to Virtual machines');
    expect(heading(dialog)).toBe('Virtual machines');
  });

  it('leaves out single disks, keeps a VM with at least one, and sends the exclusions', async () => {
    const create = vi.fn((spec: unknown) => ({ ...existing, id: 'job-2', spec: spec as Job['spec'] }));
    const { dialog } = renderWizard(create);
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'DC' } });
    click(dialog, 'Next');

    const tree = within(dialog).getByRole('tree');
    const dc01 = within(tree).getByRole('treeitem', { name: /^DC01/ });
    fireEvent.click(within(dc01).getAllByRole('checkbox')[0]!);
    // Expand DC01: one row per disk, each with its own checkbox.
    fireEvent.click(within(dc01).getByText('DC01'));
    const disk1 = await within(tree).findByRole('treeitem', { name: /^DC01 disk 1 / });
    fireEvent.click(within(disk1).getByRole('checkbox'));
    await within(tree).findByRole('treeitem', { name: /^DC01 disk 1 \(excluded\)/ });
    expect(within(dialog).getByText(/1 VM selected, .*1 disk excluded/)).toBeTruthy();
    expect((within(dc01).getAllByRole('checkbox')[0] as HTMLInputElement).indeterminate).toBe(true);

    // Clearing the last kept disk clears the VM.
    fireEvent.click(within(within(tree).getByRole('treeitem', { name: /^DC01 disk 0 / })).getByRole('checkbox'));
    await waitFor(() => expect(within(dialog).getByText(/0 VMs selected/)).toBeTruthy());
    fireEvent.click(within(within(tree).getByRole('treeitem', { name: /^DC01 disk 0 / })).getByRole('checkbox'));
    await waitFor(() => expect(within(dialog).getByText(/1 VM selected, .*1 disk excluded/)).toBeTruthy());
    click(dialog, 'Next');

    // Storage: retention must be 1..1000.
    fireEvent.click(within(dialog).getByRole('combobox', { name: /Backup repository/ }));
    fireEvent.click(await screen.findByRole('option', { name: /Default repository/ }));
    const keep = within(dialog).getByRole('spinbutton', { name: /Restore points to keep/ });
    fireEvent.change(keep, { target: { value: '0' } });
    fireEvent.blur(keep);
    click(dialog, 'Next');
    expect(within(dialog).getByText('Keep 1 to 1000 restore points')).toBeTruthy();
    fireEvent.change(keep, { target: { value: '14' } });
    fireEvent.blur(keep);
    click(dialog, 'Next');

    fireEvent.click(within(dialog).getByRole('radio', { name: /^Crash-consistent/ }));
    click(dialog, 'Next');
    click(dialog, 'Next');
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Summary');
    expect(within(dialog).getByText('DC01 disk 1')).toBeTruthy();
    click(dialog, 'Finish');
    await waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0]![0]).toMatchObject({
      vmIds: ['dc01'],
      excludedDisks: ['dc01/1'],
      retention: { keepLast: 14 },
      applicationConsistent: false,
    });
  });

  it('Back keeps what was entered', () => {
    const { dialog } = renderWizard(() => existing);
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'Kept' } });
    click(dialog, 'Next');
    click(dialog, 'Back');
    expect(heading(dialog)).toBe('Name');
    expect((within(dialog).getByRole('textbox', { name: /Name/ }) as HTMLInputElement).value).toBe('Kept');
  });

  it('Clone starts from the job under a free name and creates a new job', async () => {
    const create = vi.fn((spec: unknown) => ({ ...existing, id: 'job-3', spec: spec as Job['spec'] }));
    const { dialog } = renderWizard(create, { cloneOf: existing });
    expect((within(dialog).getByRole('textbox', { name: /Name/ }) as HTMLInputElement).value).toBe('Copy of Nightly');
    for (let i = 0; i < 6; i++) click(dialog, 'Next');
    expect(heading(dialog)).toBe('Summary');
    click(dialog, 'Finish');
    await waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0]![0]).toMatchObject({ name: 'Copy of Nightly', vmIds: ['dc01'], processing: { mode: 'on-host' } });
  });

  it('Storage: RCT on by default; active full needs a day (weekly) or a day 1–28 (monthly); the summary and the job say so', async () => {
    const create = vi.fn((spec: unknown) => ({ ...existing, id: 'job-4', spec: spec as Job['spec'] }));
    const { dialog } = renderWizard(create);
    await toStorage(dialog);
    expect(heading(dialog)).toBe('Storage');
    expect(checkbox(dialog, /Use changed block tracking \(RCT\) for incrementals/).checked).toBe(true);
    expect(radio(dialog, 'Off').checked).toBe(true);

    fireEvent.click(radio(dialog, 'Weekly on selected days'));
    fireEvent.click(checkbox(dialog, 'Sat')); // the default day, cleared
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Storage');
    expect(within(dialog).getByText('Pick at least one day')).toBeTruthy();
    expect(within(dialog).getByRole('group', { name: 'Active full on' }).getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(radio(dialog, 'Monthly on a day of the month'));
    const day = within(dialog).getByRole('spinbutton', { name: /Day of the month/ });
    fireEvent.change(day, { target: { value: '31' } });
    fireEvent.blur(day);
    click(dialog, 'Next');
    expect(within(dialog).getByText('Enter a day from 1 to 28')).toBeTruthy();

    fireEvent.click(radio(dialog, 'Weekly on selected days'));
    fireEvent.click(checkbox(dialog, 'Sun'));
    fireEvent.click(checkbox(dialog, 'Wed'));
    fireEvent.click(checkbox(dialog, /changed block tracking/));
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Guest processing');

    // Back keeps the choices.
    click(dialog, 'Back');
    expect(radio(dialog, 'Weekly on selected days').checked).toBe(true);
    expect(checkbox(dialog, 'Wed').checked && checkbox(dialog, 'Sun').checked).toBe(true);
    expect(checkbox(dialog, /changed block tracking/).checked).toBe(false);

    for (let i = 0; i < 4; i++) click(dialog, 'Next');
    expect(heading(dialog)).toBe('Summary');
    const settings = within(dialog).getByLabelText('Job settings');
    expect(settings.textContent).toMatch(/Active full\s*Weekly on Wed, Sun/);
    expect(settings.textContent).toMatch(/every disk is read in full/);
    click(dialog, 'Finish');
    await waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0]![0]).toMatchObject({ changeTracking: false, activeFull: { kind: 'weekly', days: ['Wed', 'Sun'] } });
  });

  it('Guest processing: "Require successful processing" only with application-consistent, and the job gets it', async () => {
    const create = vi.fn((spec: unknown) => ({ ...existing, id: 'job-5', spec: spec as Job['spec'] }));
    const { dialog } = renderWizard(create);
    await toStorage(dialog);
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Guest processing');
    const require = () => checkbox(dialog, /^Require successful processing/);
    expect(require().checked).toBe(false);
    expect(require().disabled).toBe(false);
    fireEvent.click(require());
    expect(within(dialog).getByText(/gets no restore point in this run/)).toBeTruthy();

    fireEvent.click(radio(dialog, /^Crash-consistent/));
    expect(require().disabled).toBe(true);
    expect(require().checked).toBe(false);
    expect(within(dialog).getByText('Only with application-consistent processing.')).toBeTruthy();

    fireEvent.click(radio(dialog, /^Application-consistent/));
    expect(require().checked).toBe(true);
    for (let i = 0; i < 3; i++) click(dialog, 'Next');
    expect(within(dialog).getByLabelText('Job settings').textContent).toMatch(/a VM whose writer fails fails/);
    click(dialog, 'Finish');
    await waitFor(() => expect(create).toHaveBeenCalled());
    expect(create.mock.calls[0]![0]).toMatchObject({ applicationConsistent: true, requireSuccessfulProcessing: true });
  });

  it('Edit carries the incremental and guest options and saves them unchanged', async () => {
    const job: Job = {
      ...existing,
      id: 'job-6',
      spec: JobSpec.parse({
        name: 'Monthly fulls', vmIds: ['dc01'], repositoryId: 'repo-default', processing: { mode: 'on-host' },
        changeTracking: false, activeFull: { kind: 'monthly', dayOfMonth: 14 }, requireSuccessfulProcessing: true,
      }),
    };
    const update = vi.fn((p: unknown) => ({ ...job, spec: (p as { spec: Job['spec'] }).spec }));
    const { dialog } = renderWizard(() => existing, { job, update });
    click(dialog, 'Next');
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Storage');
    expect(checkbox(dialog, /changed block tracking/).checked).toBe(false);
    expect(radio(dialog, 'Monthly on a day of the month').checked).toBe(true);
    expect((within(dialog).getByRole('spinbutton', { name: /Day of the month/ }) as HTMLInputElement).value).toBe('14');
    click(dialog, 'Next');
    expect(checkbox(dialog, /^Require successful processing/).checked).toBe(true);
    for (let i = 0; i < 3; i++) click(dialog, 'Next');
    expect(within(dialog).getByLabelText('Job settings').textContent).toMatch(/Monthly on day 14/);
    click(dialog, 'Finish');
    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(update.mock.calls[0]![0]).toMatchObject({
      id: 'job-6',
      spec: { changeTracking: false, activeFull: { kind: 'monthly', dayOfMonth: 14 }, requireSuccessfulProcessing: true },
    });
  });
});

describe('job wizard keyboard and layout', () => {
  it('opens with focus in the Name field, so typing goes there', async () => {
    const { dialog } = renderWizard(() => existing);
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await waitFor(() => expect(document.activeElement).toBe(name));
  });

  it('Escape on a wizard with input asks before discarding; on an untouched one it just closes', async () => {
    const untouched = renderWizard(() => existing);
    fireEvent.keyDown(untouched.dialog, { key: 'Escape' });
    await waitFor(() => expect(untouched.onClose).toHaveBeenCalledOnce());
    cleanup();

    const { dialog, onClose } = renderWizard(() => existing);
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Name/ }), { target: { value: 'Half done' } });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    const ask = await screen.findByRole('alertdialog', { name: 'Discard changes?', hidden: true });
    expect(ask.textContent).toContain('Discard this new backup job?');
    expect(onClose).not.toHaveBeenCalled();
    // (hidden: jsdom runs no enter animation, so Fluent's surface may still count as invisible here)
    fireEvent.click(within(ask).getByRole('button', { name: 'Keep editing', hidden: true }));
    await waitFor(() => expect(screen.queryByRole('alertdialog', { name: 'Discard changes?' })).toBeNull());
    expect((within(dialog).getByRole('textbox', { name: /Name/ }) as HTMLInputElement).value).toBe('Half done');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    fireEvent.click(within(await screen.findByRole('alertdialog', { name: 'Discard changes?', hidden: true })).getByRole('button', { name: 'Discard', hidden: true }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('an edit wizard jumps to any step from the step list', () => {
    const { dialog } = renderWizard(() => existing, { job: existing });
    const steps = within(dialog).getByRole('list', { name: 'Wizard steps' });
    fireEvent.click(within(steps).getByRole('button', { name: 'Schedule' }));
    expect(heading(dialog)).toBe('Schedule');
    fireEvent.click(within(steps).getByRole('button', { name: /Storage$/ })); // a step before, marked completed
    expect(heading(dialog)).toBe('Storage');
  });

  it('a new job\'s steps are not buttons: it is filled in order', () => {
    const { dialog } = renderWizard(() => existing);
    expect(within(within(dialog).getByRole('list', { name: 'Wizard steps' })).queryAllByRole('button')).toEqual([]);
  });

  it('the wait between retries can be given in minutes; the summary shows the snapshot plan first', async () => {
    const { dialog } = renderWizard(() => existing, { job: existing });
    fireEvent.click(within(within(dialog).getByRole('list', { name: 'Wizard steps' })).getByRole('button', { name: 'Schedule' }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Unit of the wait between retries' }));
    fireEvent.click(await screen.findByRole('option', { name: 'minutes' }));
    const wait = within(dialog).getByRole('spinbutton', { name: /Wait between retries/ });
    fireEvent.change(wait, { target: { value: '5' } });
    fireEvent.blur(wait);
    fireEvent.click(within(within(dialog).getByRole('list', { name: 'Wizard steps' })).getByRole('button', { name: 'Summary' }));
    const plan = await within(dialog).findByRole('table', { name: 'Estimated snapshot plan' });
    const list = within(dialog).getByLabelText('Job settings');
    // the plan comes before the settings list on the page
    expect(plan.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(list.textContent).toMatch(/Retries2, 5 min apart/);
  });
});
