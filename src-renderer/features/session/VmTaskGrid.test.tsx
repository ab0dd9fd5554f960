// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { VmTaskView } from '../../../src-shared/domain';
import { installDomShims } from '../../test/setup-dom';
import { VmTaskGrid } from './VmTaskGrid';

afterEach(cleanup);

// jsdom has no layout: give every element the size of the list's viewport, as the virtualiser reads it.
const sizes = { clientHeight: 360, clientWidth: 1000 };
const saved = Object.fromEntries(Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]));
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
});
afterAll(() => {
  for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});

const vms: VmTaskView[] = Array.from({ length: 104 }, (_, i) => ({
  vmId: `vm-${i}`, vmName: `LOAD${String(i).padStart(3, '0')}`, status: i < 16 ? 'Running' : 'Pending', progress: i < 16 ? 0.5 : 0,
  processingMode: i === 3 ? 'on-host' : 'off-host', proxyServerId: i === 3 ? null : 'proxy01', bytesTotal: 16 << 20, bytesRead: 8 << 20,
  message: i === 3 ? 'Failed over to on-host backup: no eligible off-host proxy' : i === 4 ? 'Hyper-V VSS writer failed: backed up crash-consistent' : '',
  consistency: i < 16 ? (i === 4 ? 'crash' : 'application') : null,
  backupKind: i < 16 ? (i % 2 ? 'incremental' : 'full') : null,
  departures: [],
  startedAt: i < 16 ? '2026-11-25T10:00:00Z' : null,
  endedAt: null,
  ...(i === 4 ? { status: 'Warning' as const } : {}),
}));

const CRASH_REASON = 'the Hyper-V VSS writer failed, so it was backed up crash-consistent';

/** LOAD003 failed over to on-host; LOAD004 is a writer fallback unless the session says otherwise */
function renderGrid(onSelect = vi.fn(), writerFallback = true, list: VmTaskView[] = vms) {
  installDomShims();
  const departures = { failoverVmIds: new Set(['vm-3']), writerFallbackVmIds: new Set(writerFallback ? ['vm-4'] : []) };
  render(
    <FluentProvider theme={webLightTheme}>
      <VmTaskGrid label="VMs" vms={list} hostName={(id) => id.toUpperCase()} selectedVmId={null} onSelect={onSelect} departures={departures} />
    </FluentProvider>,
  );
  return { onSelect, grid: screen.getByRole('grid', { name: 'VMs' }) };
}

describe('VM list of a session', () => {
  it('renders a window of rows, not all 104, and says how many there are', () => {
    const { grid } = renderGrid();
    const rows = within(grid).getAllByRole('row').filter((r) => r.hasAttribute('data-vm'));
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(30);
    expect(grid.getAttribute('aria-rowcount')).toBe('105');
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2');
  });

  it('says in one column what processed each VM: the pill, then the proxy, or that on-host was a failover', () => {
    const { grid } = renderGrid();
    expect(grid.getAttribute('aria-colcount')).toBe('10');
    const cell = (name: string) => within(within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === name)!).getAllByRole('gridcell')[1]!;
    expect(cell('LOAD000').textContent).toBe('Off-host PROXY01');
    expect(cell('LOAD003').textContent).toBe('On-host (failover)');
    expect(cell('LOAD003').getAttribute('title')).toBe('Its Hyper-V host (failover: the job asked for off-host)');
    expect(within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === 'LOAD003')!.getAttribute('data-mode')).toBe('on-host');
  });

  it('shows consistency and full/incremental per VM; a crash-consistent VM of an application-consistent job stands out', () => {
    const { grid } = renderGrid();
    const headers = within(grid).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['VM', 'Processed by', 'Consistency', 'Backup', 'Progress', 'Rate', 'Read', 'Duration', 'Status', 'Message']);
    const row = (name: string) => within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === name)!;
    const cells = (name: string) => within(row(name)).getAllByRole('gridcell').map((c) => c.textContent);
    expect(cells('LOAD000').slice(2, 4)).toEqual(['Application', 'Full']);
    expect(cells('LOAD001').slice(2, 4)).toEqual(['Application', 'Incremental']);
    expect(cells('LOAD016').slice(2, 4)).toEqual(['—', '—']); // not started: nothing to say yet
    expect(row('LOAD004').getAttribute('data-consistency')).toBe('crash');
    expect(row('LOAD004').getAttribute('data-status')).toBe('Warning');
    expect(within(row('LOAD004')).getByTitle(CRASH_REASON).textContent).toBe('Crash');
    // the reason is in the cell's text, not only in the mouse's tooltip: a screen reader reads it with the row
    expect(cells('LOAD004')[2]).toBe(`Crash: ${CRASH_REASON}`);
    expect(within(row('LOAD000')).queryByTitle(CRASH_REASON)).toBeNull();
  });

  it('does not flag crash consistency when the session did not fall back to it', () => {
    const { grid } = renderGrid(vi.fn(), false);
    const row = within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === 'LOAD004')!;
    expect(within(row).queryByTitle(CRASH_REASON)).toBeNull();
    expect(within(row).getAllByRole('gridcell')[2]!.textContent).toBe('Crash');
  });

  it('works from the keyboard (arrows move, Enter selects) and by click', () => {
    const { grid, onSelect } = renderGrid();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    const active = grid.getAttribute('aria-activedescendant');
    expect(document.getElementById(active!)?.getAttribute('data-vm')).toBe('LOAD002');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onSelect).toHaveBeenLastCalledWith('vm-2');
    fireEvent.click(within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === 'LOAD005')!);
    expect(onSelect).toHaveBeenLastCalledWith('vm-5');
  });

  it('once a VM is done: its average rate, its own duration, Stopped in neutral, and no message that repeats the status', () => {
    const done = (o: Partial<VmTaskView>): VmTaskView => ({
      ...vms[0]!, status: 'Success', progress: 1, bytesRead: 48 << 20, message: 'Success',
      startedAt: '2026-11-25T10:00:00Z', endedAt: '2026-11-25T10:00:12Z', ...o,
    });
    const list = [
      done({ vmId: 'a', vmName: 'FILE01' }),
      done({ vmId: 'b', vmName: 'SQL01', status: 'Stopped', progress: 0.5, bytesRead: 0, message: 'Not finished: Stopped by the user', endedAt: '2026-11-25T10:01:05Z' }),
      done({ vmId: 'c', vmName: 'WEB01', status: 'Pending', progress: 0, bytesRead: 0, message: 'Waiting for snapshot', startedAt: null, endedAt: null }),
    ];
    const { grid } = renderGrid(vi.fn(), false, list);
    const headers = within(grid).getAllByRole('columnheader').map((h) => h.textContent);
    const cells = (name: string) => {
      const row = within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === name)!;
      const texts = within(row).getAllByRole('gridcell').map((c) => c.textContent);
      return Object.fromEntries(headers.map((h, i) => [h, texts[i]]));
    };
    expect(cells('FILE01')).toMatchObject({ Rate: '4.0 MB/s', Duration: '0:00:12', Status: 'Success', Message: '' });
    expect(cells('SQL01')).toMatchObject({ Rate: '—', Duration: '0:01:05', Status: 'Stopped', Message: 'Not finished: Stopped by the user' });
    expect(cells('WEB01')).toMatchObject({ Rate: '—', Duration: '—', Status: 'Pending', Message: 'Waiting for snapshot' });
  });

  it('rings the row the arrow keys are on only while the grid has keyboard focus (no ring on row 1 after load or a click)', () => {
    const { grid } = renderGrid();
    const first = within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === 'LOAD000')!;
    // the ring is the grid's focus-visible rule on [data-active]; the row itself carries no outline class
    expect(first.getAttribute('data-active')).toBe('true');
    const plain = within(grid).getAllByRole('row').find((r) => r.getAttribute('data-vm') === 'LOAD001')!;
    expect(first.className).toBe(plain.className);
  });
});
