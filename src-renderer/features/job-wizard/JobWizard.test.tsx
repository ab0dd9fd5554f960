// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import { JobSpec, type Job } from '../../../src-shared/domain';
import { inventory, proxy01, repositories } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { JobWizard } from './JobWizard';

afterEach(cleanup);

const existing: Job = {
  id: 'job-0',
  spec: JobSpec.parse({ name: 'Nightly', vmIds: ['dc01'], repositoryId: 'repo-default', processing: { mode: 'on-host' } }),
  createdAt: '2026-11-25T10:00:00Z',
  lastResult: null,
  lastRunAt: null,
  nextRunAt: null,
};

function renderWizard(create: (spec: unknown) => Job) {
  const onClose = vi.fn();
  const utils = renderWithStore(<JobWizard onClose={onClose} />, {
    inventory,
    proxies: [proxy01],
    repositories,
    jobs: [existing],
    answers: { 'jobs.create': (spec) => create(spec) },
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
    click(dialog, 'Finish');

    expect(await within(dialog).findByText(/unknown VM\(s\) app01/)).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
    click(dialog, 'Go to Virtual machines');
    expect(heading(dialog)).toBe('Virtual machines');
  });
});
