// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FluentProvider, Toolbar, webLightTheme } from '@fluentui/react-components';
import { installDomShims } from '../../test/setup-dom';
import { RunJobButton } from './RunJobButton';

afterEach(cleanup);

function renderButton(disabled = false) {
  installDomShims();
  const onRun = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <Toolbar aria-label="Jobs commands">
        <RunJobButton disabled={disabled} jobName="SQL nightly" onRun={onRun} />
      </Toolbar>
    </FluentProvider>,
  );
  return onRun;
}

describe('Run now split button', () => {
  it('runs the job from its main half at once', () => {
    const onRun = renderButton();
    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    expect(onRun).toHaveBeenLastCalledWith({ activeFull: false });
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('asks before an active full from its menu: it reads every disk in full; Cancel starts nothing', async () => {
    const onRun = renderButton();
    const openConfirm = async () => {
      fireEvent.click(screen.getByRole('button', { name: 'More ways to run the job' }));
      fireEvent.click(await screen.findByRole('menuitem', { name: /Active full/ }));
      return screen.findByRole('alertdialog', { name: 'Run an active full' });
    };
    const dialog = await openConfirm();
    expect(onRun).not.toHaveBeenCalled();
    expect(dialog.textContent).toContain('SQL nightly');
    expect(dialog.textContent).toContain('reads every disk of every VM in full');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    // gone from the DOM, not only hidden: a closing dialog stays mounted (aria-hidden) while it animates out
    await waitFor(() => expect(document.querySelector('[role="alertdialog"]')).toBeNull());
    expect(onRun).not.toHaveBeenCalled();
  });

  // A test of its own: reopening a modal within the same few milliseconds races Fluent's focus-trap bookkeeping
  // in jsdom (the new dialog can inherit the closing one's aria-hidden), which no user can do.
  it('"Run active full" in the confirm starts it once, and the confirm closes', async () => {
    const onRun = renderButton();
    fireEvent.click(screen.getByRole('button', { name: 'More ways to run the job' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Active full/ }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Run an active full' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Run active full' }));
    expect(onRun).toHaveBeenCalledTimes(1);
    expect(onRun).toHaveBeenLastCalledWith({ activeFull: true });
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('is disabled as a whole without a selected job', () => {
    renderButton(true);
    expect((screen.getByRole('button', { name: 'Run now' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'More ways to run the job' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
