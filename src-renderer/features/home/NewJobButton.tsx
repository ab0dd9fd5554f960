// "New job" in the command bar: a backup job (restore points in a repository) or a replication job (replica VMs
// on a target host). Enter or Alt+Down opens the menu; the trigger is what focus returns to after the wizard.
import { forwardRef } from 'react';
import { Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, ToolbarButton } from '@fluentui/react-components';
import { Add20Regular, ArrowRepeatAll20Regular, DatabaseArrowDown20Regular } from '@fluentui/react-icons';
import type { JobKind } from '../../../src-shared/domain';

export const NewJobButton = forwardRef<HTMLButtonElement, { disabled: boolean; onChoose(kind: JobKind): void }>(function NewJobButton({ disabled, onChoose }, ref) {
  return (
    <Menu positioning="below-start">
      <MenuTrigger disableButtonEnhancement={false}>
        <ToolbarButton ref={ref} appearance="primary" icon={<Add20Regular />} disabled={disabled}>
          New job
        </ToolbarButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem icon={<DatabaseArrowDown20Regular />} secondaryContent="restore points" onClick={() => onChoose('backup')}>
            Backup job
          </MenuItem>
          <MenuItem icon={<ArrowRepeatAll20Regular />} secondaryContent="replica VMs" onClick={() => onChoose('replication')}>
            Replication job
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
});
