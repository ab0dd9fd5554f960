// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { JobSpec, type Job } from '../../../src-shared/domain';
import { inventory, proxy01, repositories } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { JobWizard } from './JobWizard';

afterEach(cleanup);

const click = (dialog: HTMLElement, name: string) => fireEvent.click(within(dialog).getByRole('button', { name }));
const heading = (dialog: HTMLElement) => within(dialog).getByRole('heading', { level: 3 }).textContent;
const textbox = (dialog: HTMLElement, name: RegExp) => within(dialog).getByRole('textbox', { name }) as HTMLInputElement;

async function chooseTarget(dialog: HTMLElement, option: RegExp) {
  fireEvent.click(within(dialog).getByRole('combobox', { name: /Target host/ }));
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

describe('New replication job wizard', () => {
  it('walks its own steps, refuses what the engine would, and creates a replication job', async () => {
    const create = vi.fn((spec: unknown): Job => ({ id: 'job-r', spec: JobSpec.parse(spec), createdAt: '', lastResult: null, lastRunAt: null, nextRunAt: null }));
    const onClose = vi.fn();
    renderWithStore(<JobWizard kind="replication" onClose={onClose} />, {
      inventory,
      proxies: [proxy01],
      repositories,
      answers: { 'jobs.create': (spec) => create(spec), 'jobs.plan': () => [] },
    });
    const dialog = screen.getByRole('dialog', { name: 'New replication job' });
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual(
      expect.arrayContaining(['Destination', 'Network', 'Job settings', 'Data transfer']),
    );
    fireEvent.change(textbox(dialog, /Name/), { target: { value: 'DR apps' } });
    click(dialog, 'Next');
    fireEvent.click(within(within(dialog).getByRole('treeitem', { name: /^APP01/ })).getByRole('checkbox'));
    await waitFor(() => expect(within(dialog).getByText(/1 VM selected/)).toBeTruthy());
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Destination');
    click(dialog, 'Next');
    expect(within(dialog).getByText('Choose the target host')).toBeTruthy();
    await chooseTarget(dialog, /^HVC01 \(cluster CLU01\)/);
    click(dialog, 'Next');
    expect(within(dialog).getByText('APP01 run(s) on this host: pick another target host')).toBeTruthy();
    // a cluster node writes to the CSV with most free space; a standalone host to C:\Replicas
    expect(textbox(dialog, /^Path/).value).toBe('C:\\ClusterStorage\\Volume1\\Replicas');
    await chooseTarget(dialog, /^HV01 /);
    expect(textbox(dialog, /^Path/).value).toBe('C:\\Replicas');
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Network');
    click(dialog, 'Add mapping');
    fireEvent.change(textbox(dialog, /Source switch/), { target: { value: 'Prod' } });
    click(dialog, 'Next');
    expect(within(dialog).getByText('Enter the target switch, or choose Not connected')).toBeTruthy();
    fireEvent.change(textbox(dialog, /Target switch/), { target: { value: 'DR-LAN' } });
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Job settings');
    expect((within(dialog).getByRole('spinbutton', { name: /Restore points to keep/ }) as HTMLInputElement).value).toBe('7');
    expect(within(dialog).getByText('The replica of APP01 is named APP01_replica.')).toBeTruthy();
    fireEvent.change(textbox(dialog, /Replica name suffix/), { target: { value: '-dr' } });
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Guest processing');
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Data transfer');
    click(dialog, 'Next');
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Summary');
    expect(within(dialog).getByText('HV01: C:\\Replicas')).toBeTruthy();
    expect(within(dialog).getByText('Prod → DR-LAN')).toBeTruthy();
    expect(within(dialog).getByText('APP01-dr')).toBeTruthy();
    click(dialog, 'Finish');
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(create.mock.calls[0]![0]).toMatchObject({
      kind: 'replication',
      name: 'DR apps',
      vmIds: ['app01'],
      repositoryId: 'repo-default',
      replication: { targetHostId: 'hv01', path: 'C:\\Replicas', networkMapping: [{ sourceSwitch: 'Prod', targetSwitch: 'DR-LAN' }], pointsToKeep: 7, suffix: '-dr', excludedVmIds: [] },
    });
  });
});
