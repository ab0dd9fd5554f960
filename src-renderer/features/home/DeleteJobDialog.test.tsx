// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { installDomShims } from '../../test/setup-dom';
import { DeleteJobDialog } from './DeleteJobDialog';

afterEach(cleanup);

function renderDialog(restorePointCount: number | null) {
  installDomShims();
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <DeleteJobDialog open jobName="SQL nightly" restorePointCount={restorePointCount} busy={false} error={null} onConfirm={onConfirm} onCancel={onCancel} />
    </FluentProvider>,
  );
  return { onConfirm, onCancel, dialog: screen.getByRole('alertdialog', { name: 'Delete backup job' }) };
}

describe('Delete backup job dialog', () => {
  it('says what happens to the restore points and asks: keep or delete, no default', () => {
    const { dialog, onConfirm } = renderDialog(3);
    expect(dialog.textContent).toContain('What happens to its 3 restore points?');
    const keep = within(dialog).getByRole('radio', { name: /^Keep them in the repository: they stay listed under the name SQL nightly and can still be verified and restored \(Backups › Orphaned/ });
    const del = within(dialog).getByRole('radio', { name: /^Delete them from the repository: their data is removed/ });
    expect((keep as HTMLInputElement).checked).toBe(false);
    expect((del as HTMLInputElement).checked).toBe(false);
    const confirm = within(dialog).getByRole('button', { name: 'Delete job' });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(confirm);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('keep: deletes the job and keeps its restore points', () => {
    const { dialog, onConfirm } = renderDialog(3);
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Keep them/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete job' }));
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith('keep');
  });

  it('delete: the button says the restore points go too', () => {
    const { dialog, onConfirm } = renderDialog(1);
    expect(dialog.textContent).toContain('What happens to its 1 restore point?');
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Delete them/ }));
    expect(dialog.textContent).toContain('Data that other restore points share stays');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete job and restore points' }));
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith('delete');
  });

  it('a job without restore points has nothing to choose; Cancel deletes nothing', () => {
    const { dialog, onConfirm, onCancel } = renderDialog(0);
    expect(dialog.textContent).toContain('This job has no restore points.');
    expect(within(dialog).queryAllByRole('radio')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onConfirm).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete job' }));
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith('keep');
  });

  it('while the count is unknown the choice is still asked', () => {
    const { dialog } = renderDialog(null);
    expect(dialog.textContent).toContain('What happens to its restore points?');
    expect((within(dialog).getByRole('button', { name: 'Delete job' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
