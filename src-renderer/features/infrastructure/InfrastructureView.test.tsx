// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import { NotifyProvider } from '../../components/notify';
import { inventory, proxy01, repositories } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { InfrastructureView } from './InfrastructureView';

afterEach(cleanup);

describe('Remove proxy', () => {
  it('asks first, then shows why the host refused (E_PROXY_IN_USE)', async () => {
    const { client } = renderWithStore(
      <NotifyProvider>
        <InfrastructureView />
      </NotifyProvider>,
      {
        inventory,
        proxies: [proxy01],
        repositories,
        answers: {
          'proxies.remove': () => {
            throw new FerryError('E_PROXY_IN_USE', 'Proxy PROXY01 is pinned by job(s) Nightly: change those jobs first');
          },
        },
      },
    );
    const remove = screen.getByRole('button', { name: 'Remove proxy' }) as HTMLButtonElement;
    expect(remove.disabled).toBe(true);

    const grid = screen.getByRole('grid', { name: 'Off-host backup proxies' });
    fireEvent.click(within(grid).getByRole('radio', { name: 'Select PROXY01' }));
    await waitFor(() => expect(remove.disabled).toBe(false));
    fireEvent.click(remove);

    const dialog = await screen.findByRole('alertdialog', { name: 'Remove off-host backup proxy' });
    expect(client.calls.some((c) => c.method === 'proxies.remove')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));

    expect(await within(dialog).findByText(/pinned by job\(s\) Nightly/)).toBeTruthy();
    expect(within(dialog).getByText(/switch them to automatic selection/)).toBeTruthy();
    expect(client.calls.filter((c) => c.method === 'proxies.remove').map((c) => c.params)).toEqual([{ id: 'px-1' }]);
  });
});
