// "Run now" with a menu for the other way to start a job: an active full (every disk read in full, a new
// chain of incrementals). A split button in the command bar: Tab/arrows reach both halves, Enter or Alt+Down
// opens the menu. An active full costs as much as the first run, so it asks first.
import { useState } from 'react';
import { Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, SplitButton, Text, type MenuButtonProps } from '@fluentui/react-components';
import { ArrowSync20Regular, Play20Regular } from '@fluentui/react-icons';
import { ConfirmDialog } from '../../components/ConfirmDialog';

export interface RunJobButtonProps {
  disabled: boolean;
  /** the selected job's name, for the active-full confirmation */
  jobName?: string;
  onRun(opts: { activeFull: boolean }): void;
}

export function RunJobButton({ disabled, jobName, onRun }: RunJobButtonProps) {
  const [confirmFull, setConfirmFull] = useState(false);
  return (
    <>
      <Menu positioning="below-start">
        <MenuTrigger disableButtonEnhancement>
          {(triggerProps: MenuButtonProps) => (
            <SplitButton
              appearance="subtle"
              icon={<Play20Regular />}
              disabled={disabled}
              menuButton={{ ...triggerProps, 'aria-label': 'More ways to run the job' }}
              primaryActionButton={{ onClick: () => onRun({ activeFull: false }) }}
            >
              Run now
            </SplitButton>
          )}
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuItem icon={<Play20Regular />} onClick={() => onRun({ activeFull: false })}>
              Run now
            </MenuItem>
            <MenuItem icon={<ArrowSync20Regular />} onClick={() => setConfirmFull(true)} secondaryContent="every disk in full">
              Active full…
            </MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
      <ConfirmDialog
        open={confirmFull}
        title="Run an active full"
        confirmLabel="Run active full"
        busy={false}
        error={null}
        onConfirm={() => {
          setConfirmFull(false);
          onRun({ activeFull: true });
        }}
        onCancel={() => setConfirmFull(false)}
      >
        <Text block>
          Run an active full of {jobName ? <strong>{jobName}</strong> : 'the job'} now? It reads every disk of every VM in full, not only the
          blocks changed since the last run, so it takes about as long as the first run and loads the hosts, the SAN and the repository
          accordingly. Later runs are incrementals of this new full.
        </Text>
      </ConfirmDialog>
    </>
  );
}
