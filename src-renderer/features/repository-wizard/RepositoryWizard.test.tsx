// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { FerryError } from '../../../src-shared/contract';
import type { Repository } from '../../../src-shared/domain';
import { inventory, repositories } from '../../test/fixtures';
import { renderWithStore } from '../../test/render';
import { useFerryStore } from '../../store';
import { RepositoryWizard } from './RepositoryWizard';
import { isAbsoluteFolder, nameError, pathError, suggestedPath } from './validation';

afterEach(cleanup);

const created: Repository = { id: 'repo-2', name: 'Off-site NAS', path: 'D:\\Backups', capacityBytes: 0, usedBytes: 0, restorePoints: 0 };

function renderWizard(create: (p: { name: string; path: string }) => Repository) {
  const onClose = vi.fn();
  const utils = renderWithStore(<RepositoryWizard onClose={onClose} />, {
    inventory,
    repositories,
    answers: { 'repositories.create': (p) => create(p), 'repositories.list': () => repositories },
  });
  useFerryStore.setState({ appInfo: { version: '0', platform: 'lab', dataDir: 'C:\\ProgramData\\Ferry', labCreatedNow: false, host: 'web' } });
  return { ...utils, onClose, dialog: screen.getByRole('dialog') };
}

const click = (dialog: HTMLElement, name: string) => fireEvent.click(within(dialog).getByRole('button', { name }));
const heading = (dialog: HTMLElement) => within(dialog).getByRole('heading', { level: 3 }).textContent;
const type = (dialog: HTMLElement, name: RegExp, value: string) => fireEvent.change(within(dialog).getByRole('textbox', { name }), { target: { value } });

describe('Add backup repository wizard', () => {
  it('refuses an empty or taken name and a relative folder, and suggests a folder from the name', async () => {
    const { dialog } = renderWizard(() => created);
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Name');
    expect(within(dialog).getByText('Name is required')).toBeTruthy();
    type(dialog, /^Name/, 'default repository');
    click(dialog, 'Next');
    expect(within(dialog).getByText('A repository with this name already exists')).toBeTruthy();
    type(dialog, /^Name/, 'Off-site NAS');
    click(dialog, 'Next');

    expect(heading(dialog)).toBe('Folder');
    expect((within(dialog).getByRole('textbox', { name: /^Folder/ }) as HTMLInputElement).value).toBe('C:\\ProgramData\\Ferry\\repositories\\off-site-nas');
    type(dialog, /^Folder/, 'backups');
    click(dialog, 'Next');
    expect(within(dialog).getByText(/Give a full path/)).toBeTruthy();
    click(dialog, 'Back');
    expect(heading(dialog)).toBe('Name');
  });

  it('shows the host refusing a folder with other data, goes back to the folder, then creates', async () => {
    let refuse = true;
    const create = vi.fn((p: { name: string; path: string }) => {
      if (refuse) throw new FerryError('E_REPO_CORRUPT', `${p.path} is not empty and is not a Ferry repository`);
      return { ...created, path: p.path };
    });
    const { dialog, onClose } = renderWizard(create);
    type(dialog, /^Name/, '  Off-site NAS ');
    click(dialog, 'Next');
    type(dialog, /^Folder/, 'D:\\Data');
    click(dialog, 'Next');
    expect(heading(dialog)).toBe('Review');
    click(dialog, 'Create');
    expect(await within(dialog).findByText('The folder holds other data')).toBeTruthy();
    click(dialog, 'Change the folder');
    expect(heading(dialog)).toBe('Folder');

    refuse = false;
    type(dialog, /^Folder/, 'D:\\Backups');
    click(dialog, 'Next');
    click(dialog, 'Create');
    await waitFor(() => expect(heading(dialog)).toBe('Summary'));
    expect(create.mock.calls.map((c) => c[0])).toEqual([
      { name: 'Off-site NAS', path: 'D:\\Data' },
      { name: 'Off-site NAS', path: 'D:\\Backups' },
    ]);
    click(dialog, 'Finish');
    expect(onClose).toHaveBeenCalled();
  });
});

describe('repository rules', () => {
  it('knows full paths on Windows and on the Linux lab host', () => {
    expect(['C:\\Backups', 'D:/x', '\\\\nas\\share\\ferry', '/srv/ferry'].every(isAbsoluteFolder)).toBe(true);
    expect(['backups', '.\\x', 'C:', '\\\\nas'].some(isAbsoluteFolder)).toBe(false);
  });

  it('treats case and trailing separators as the same folder', () => {
    const repos = [{ ...created, path: 'D:\\Backups' }];
    expect(pathError('d:\\backups\\', repos)).toMatch(/already the repository Off-site NAS/);
    expect(nameError(' OFF-SITE nas ', repos)).toMatch(/already exists/);
    expect(suggestedPath('/var/lib/ferry', 'My repo!')).toBe('/var/lib/ferry/repositories/my-repo');
  });
});
