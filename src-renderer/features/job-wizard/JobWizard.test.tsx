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

function renderWizard(create: (spec: unknown) => Job, props: { cloneOf?: Job } = {}) {
  const onClose = vi.fn();
  const utils = renderWithStore(<JobWizard onClose={onClose} cloneOf={props.cloneOf} />, {
    inventory: inventoryWithTwoDisks,
    proxies: [proxy01],
    repositories,
    jobs: [existing],
    answers: { 'jobs.create': (spec) => create(spec), 'jobs.plan': () => plan },
  });
  return { ...utils, onClose, dialog: screen.getByRole('dialog') };
}

const click = (dialog: HTMLElement, name: string) => fireEvent.click(within(dialog).getByRole('button', { name }));
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
    click(dialog, 'Next');
    expect(within(dialog).getByText('Choose a backup repository')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('combobox', { name: /Backup repository/ }));
    fireEvent.click(await screen.findByRole('option', { name: /Default repository/ }));
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
});
