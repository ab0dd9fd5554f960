// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AuditEntry } from '../../../src-shared/contract/accounts';
import { FerryError } from '../../../src-shared/contract';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { AuditView } from './AuditView';

afterEach(cleanup);

const entry = (seq: number, e: Partial<AuditEntry>): AuditEntry => ({ seq, at: '2026-12-08T00:10:00.000Z', user: 'otto', role: 'Operator', method: 'jobs.start', target: 'id=job-1 →sessionId=s-1', outcome: 'ok', detail: null, ...e });

describe('Audit view', () => {
  it('fetches the log on open and shows who did what with its result, and refreshes', async () => {
    let calls = 0;
    const { client } = renderWithStore(<AuditView />, {
      inventory,
      answers: {
        'audit.list': () => {
          calls++;
          return [entry(2, { method: 'jobs.update', target: 'id=job-1 spec.name=Web', outcome: 'refused', detail: 'E_FORBIDDEN' }), entry(1, {})];
        },
      },
    });
    const grid = await screen.findByRole('grid', { name: 'Audit log' });
    await waitFor(() => expect(within(grid).getAllByRole('row')).toHaveLength(3));
    const rows = within(grid).getAllByRole('row').map((r) => r.textContent);
    expect(rows[1]).toMatch(/otto.*Operator.*jobs\.update.*spec\.name=Web.*Refused \(E_FORBIDDEN\)/);
    expect(rows[2]).toMatch(/otto.*jobs\.start.*sessionId=s-1.*Done/);
    expect(client.calls.filter((c) => c.method === 'audit.list')[0].params).toEqual({ limit: 500 });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(calls).toBe(2));
  });

  it('says so when the log is empty, and shows a refusal (a Viewer has no access) as an error', async () => {
    renderWithStore(<AuditView />, { inventory, answers: { 'audit.list': () => [] } });
    expect(await screen.findByText(/Nothing recorded yet/)).toBeTruthy();
    cleanup();
    renderWithStore(<AuditView />, {
      inventory,
      answers: {
        'audit.list': () => {
          throw new FerryError('E_FORBIDDEN', 'audit.list needs the Administrator role; vera is a Viewer');
        },
      },
    });
    expect(await screen.findByText(/needs the Administrator role/)).toBeTruthy();
  });
});
