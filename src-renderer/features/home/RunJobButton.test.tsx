// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
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
        <RunJobButton disabled={disabled} onRun={onRun} />
      </Toolbar>
    </FluentProvider>,
  );
  return onRun;
}

describe('Run now split button', () => {
  it('runs the job from its main half, and an active full from its menu', async () => {
    const onRun = renderButton();
    fireEvent.click(screen.getByRole('button', { name: 'Run now' }));
    expect(onRun).toHaveBeenLastCalledWith({ activeFull: false });
    fireEvent.click(screen.getByRole('button', { name: 'More ways to run the job' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Active full/ }));
    expect(onRun).toHaveBeenLastCalledWith({ activeFull: true });
  });

  it('is disabled as a whole without a selected job', () => {
    renderButton(true);
    expect((screen.getByRole('button', { name: 'Run now' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'More ways to run the job' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
