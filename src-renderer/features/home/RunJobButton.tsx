// "Run now" with a menu for the other way to start a job: an active full (every disk read in full, a new
// chain of incrementals). A split button in the command bar: Tab/arrows reach both halves, Enter or Alt+Down
// opens the menu.
import { Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, SplitButton, type MenuButtonProps } from '@fluentui/react-components';
import { ArrowSync20Regular, Play20Regular } from '@fluentui/react-icons';

export function RunJobButton({ disabled, onRun }: { disabled: boolean; onRun(opts: { activeFull: boolean }): void }) {
  return (
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
          <MenuItem icon={<ArrowSync20Regular />} onClick={() => onRun({ activeFull: true })} secondaryContent="every disk in full">
            Active full
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
