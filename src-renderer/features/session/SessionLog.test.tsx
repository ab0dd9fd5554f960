// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { LogLine } from '../../../src-shared/domain';
import { installDomShims } from '../../test/setup-dom';
import { SessionLog } from './SessionLog';

afterEach(cleanup);

// jsdom has no layout: the log's viewport gets a height, each row the height of one unwrapped line.
const sizes = { clientHeight: 320, clientWidth: 900, offsetHeight: 24 };
const saved = Object.fromEntries(Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]));
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
});
afterAll(() => {
  for (const [k, d] of Object.entries(saved)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});

const VMS: Record<string, string> = { 'vm-file01': 'FILE01', 'vm-sql01': 'SQL01' };
const lines: LogLine[] = Array.from({ length: 30 }, (_v, i) => ({
  seq: i + 1,
  at: `2026-11-25T10:00:${String(i).padStart(2, '0')}Z`,
  level: i === 7 ? 'warning' : 'info',
  vmId: i % 3 === 1 ? 'vm-file01' : i % 3 === 2 ? 'vm-sql01' : null,
  text: `line ${i + 1}`,
}));

function renderLog(vmFilter: string | null, loadFullLog = vi.fn(async () => lines)) {
  installDomShims();
  const ui = (filter: string | null) => (
    <FluentProvider theme={webLightTheme}>
      <SessionLog lines={lines} vmName={(id) => VMS[id] ?? id} vmFilter={filter} loadFullLog={loadFullLog} exportName="Cluster apps 2026-11-25 10-00-00" />
    </FluentProvider>
  );
  const r = render(ui(vmFilter));
  return { ...r, setFilter: (f: string | null) => r.rerender(ui(f)), loadFullLog };
}

const shownSeqs = () => [...screen.getByRole('log').querySelectorAll('[data-seq]')].map((el) => Number(el.getAttribute('data-seq')));

describe('session log', () => {
  it('after a VM is selected, shows only that VM\'s lines, in order, and no row of the whole job', () => {
    const { setFilter } = renderLog(null);
    expect(shownSeqs().length).toBeGreaterThan(0);
    setFilter('vm-file01');
    const file01 = lines.filter((l) => l.vmId === 'vm-file01').map((l) => l.seq);
    expect(shownSeqs()).toEqual(file01);
    setFilter(null);
    expect(new Set(shownSeqs()).size).toBe(shownSeqs().length);
  });

  it('exports the whole log as text, in order, with the VM each line is about', async () => {
    const texts: string[] = [];
    const blobs = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      const reader = new FileReader(); // jsdom's Blob has no text()
      reader.onload = () => texts.push(String(reader.result));
      reader.readAsText(b as Blob);
      return 'blob:log';
    });
    URL.revokeObjectURL ??= () => undefined;
    const clicks: { download: string }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download });
    });
    const { loadFullLog } = renderLog('vm-file01');
    fireEvent.click(screen.getByRole('button', { name: 'Export log' }));
    await waitFor(() => expect(texts).toHaveLength(1));
    expect(loadFullLog).toHaveBeenCalledOnce();
    expect(clicks).toEqual([{ download: 'Cluster apps 2026-11-25 10-00-00.log' }]);
    const out = texts[0]!.trimEnd().split('\r\n');
    expect(out).toHaveLength(30); // the whole job's log, whatever the screen filters
    expect(out[0]).toBe('2026-11-25T10:00:00Z  INFO     line 1');
    expect(out[1]).toBe('2026-11-25T10:00:01Z  INFO     [FILE01] line 2');
    expect(out[7]).toMatch(/^2026-11-25T10:00:07Z {2}WARNING {2}\[FILE01\] line 8$/);
    blobs.mockRestore();
    click.mockRestore();
  });
});
