// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { SessionStats } from '../../../src-shared/domain';
import { installDomShims } from '../../test/setup-dom';
import { BottleneckPanel } from './BottleneckPanel';

afterEach(cleanup);

const stats = (busy: SessionStats['busy'], bottleneck: SessionStats['bottleneck']): SessionStats => ({
  bytesRead: 8 << 20, bytesProcessed: 48 << 20, bytesTransferred: 4 << 20, ratePerSec: 2 << 20, dedupeRatio: 1, compressionRatio: 2, busy, bottleneck,
});

function renderPanel(s: SessionStats) {
  installDomShims();
  render(
    <FluentProvider theme={webLightTheme}>
      <BottleneckPanel stats={s} />
    </FluentProvider>,
  );
}

describe('bottleneck panel', () => {
  it("under a proxy's traffic rule, Throttling is a stage of its own and the primary bottleneck", () => {
    renderPanel(stats({ source: 2, proxy: 1, network: 0, target: 1, throttle: 95 }, 'Throttling'));
    expect(screen.getByRole('status').textContent).toBe('Primary bottleneck: Throttling');
    expect(screen.getByRole('listitem', { name: 'Throttling 95% busy' })).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'Source 2% busy' })).toBeTruthy();
  });

  it('before anything moved: no bottleneck, every stage at 0 %', () => {
    renderPanel(stats({ source: 0, proxy: 0, network: 0, target: 0, throttle: 0 }, null));
    expect(screen.getByRole('status').textContent).toBe('No bottleneck measured yet');
    expect(screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['Source 0% busy', 'Proxy 0% busy', 'Network 0% busy', 'Target 0% busy', 'Throttling 0% busy']);
  });
});
