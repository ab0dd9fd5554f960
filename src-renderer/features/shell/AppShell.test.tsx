// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { useFerryStore } from '../../store';
import { inventory } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { AppShell } from './AppShell';

// uPlot reads the screen at import; the session view is not under test here
vi.mock('../session/SessionPage', () => ({ SessionPage: () => null }));

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

describe('console shell', () => {
  it('a console the host refuses shows what to do instead of spinners that never stop', async () => {
    renderWithStore(<AppShell />, { inventory, answers: { 'sessions.list': () => new Promise(() => undefined) } });
    act(() => useFerryStore.setState({ connection: { kind: 'unauthorized', reason: 'The host refused the access token' } }));
    expect(await screen.findByRole('heading', { name: 'Not authorized' })).toBeTruthy();
    expect(screen.getByText(/Open the address that/).textContent).toMatch(/ferry serve.*http:\/\/127\.0\.0\.1:PORT\/\?token=/);
    expect(screen.queryByText(/Loading/)).toBeNull();
  });

  it('the navigation can be hidden and shown again, and remembers it', async () => {
    renderWithStore(<AppShell />, { inventory });
    const hide = screen.getByRole('button', { name: 'Hide navigation' });
    expect(hide.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(hide);
    const show = await screen.findByRole('button', { name: 'Show navigation' });
    expect(show.getAttribute('aria-expanded')).toBe('false');
    expect(window.localStorage.getItem('ferry.navCollapsed')).toBe('1');
    fireEvent.click(show);
    expect(screen.getByRole('button', { name: 'Hide navigation' })).toBeTruthy();
  });
});
