// Step 3: how many VM disks the proxy processes at once.
import { Field, SpinButton } from '@fluentui/react-components';
import { spinValue } from '../../../lib/spin';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { useProxyWizard } from '../store';
import { MAX_TASKS, MIN_TASKS, suggestedMaxTasks } from '../validation';

export function TasksStep({ error }: { error: string | null }) {
  const maxTasks = useProxyWizard((w) => w.maxTasks);
  const setMaxTasks = useProxyWizard((w) => w.setMaxTasks);
  const serverId = useProxyWizard((w) => w.serverId);
  const host = useFerryStore(inventorySelectors.hostById(serverId));

  return (
    <Field
      label="Max concurrent tasks"
      required
      validationMessage={error ?? undefined}
      validationState={error ? 'error' : 'none'}
      hint={`One task processes one VM disk; extra disks wait for a free slot. ${
        host ? `${host.name} has ${host.cpuCores} cores: about ${suggestedMaxTasks(host)} tasks (≈2 per core). ` : ''
      }Allowed: ${MIN_TASKS}–${MAX_TASKS}.`}
    >
      <SpinButton
        value={maxTasks}
        min={MIN_TASKS}
        max={MAX_TASKS}
        onChange={(_e, data) => setMaxTasks(spinValue(data))}
      />
    </Field>
  );
}
