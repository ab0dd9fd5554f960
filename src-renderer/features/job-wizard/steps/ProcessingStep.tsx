// Step 5: on-host or off-host; for off-host, automatic or pinned proxies and failover to on-host; VMs per snapshot.
import { useMemo } from 'react';
import {
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  SpinButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { FieldError } from '../../../backend/errors';
import { CheckboxGroup } from '../../../components/CheckboxGroup';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../../store/slices/proxies/selectors';
import { offHostCoverage } from '../coverage';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';
import { spinValue } from '../../../lib/spin';

const useStyles = makeStyles({
  offHost: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingLeft: tokens.spacingHorizontalXXL,
    borderLeft: `2px solid ${tokens.colorBrandStroke1}`,
    marginLeft: tokens.spacingHorizontalS,
  },
});

export function ProcessingStep({ errors }: { errors: FieldError[] }) {
  const s = useStyles();
  const draft = useJobWizard((w) => w.draft);
  const update = useJobWizard((w) => w.update);
  const proxies = useFerryStore(proxiesSelectors.items);
  const inventory = useFerryStore(inventorySelectors.data);
  const hostName = (id: string) => inventory.hosts.find((h) => h.id === id)?.name ?? id;
  const coverage = useMemo(() => offHostCoverage(draft, inventory, proxies), [draft, inventory, proxies]);
  const pinnedError = errorFor(errors, 'processing.pinnedProxyIds');

  return (
    <>
      <Field label="Processing mode">
        <RadioGroup value={draft.mode} onChange={(_e, d) => update({ mode: d.value as 'on-host' | 'off-host' })}>
          <Radio
            value="off-host"
            label="Off-host backup — a proxy reads the VM disks from a transported SAN snapshot; the Hyper-V hosts carry no backup load"
          />
          <Radio value="on-host" label="On-host backup — the Hyper-V host that owns the volume reads and sends the data" />
        </RadioGroup>
      </Field>

      {draft.mode === 'off-host' && (
        <div className={s.offHost}>
          <Field label="Off-host backup proxy">
            <RadioGroup
              value={draft.proxySelection}
              onChange={(_e, d) => update({ proxySelection: d.value as 'automatic' | 'pinned' })}
            >
              <Radio value="automatic" label="Automatic selection (by load, free task slots and volume access)" />
              <Radio value="pinned" label="Use the following backup proxy servers only" />
            </RadioGroup>
          </Field>

          {draft.proxySelection === 'pinned' && (
            <CheckboxGroup
              label="Proxies this job may use"
              vertical
              error={pinnedError}
              hint={proxies.length === 0 ? 'No off-host proxies exist yet. Add one under Backup Infrastructure.' : undefined}
            >
              {proxies.map((p) => (
                <Checkbox
                  key={p.id}
                  label={`${p.name || hostName(p.serverId)} — ${p.maxTasks} tasks, ${p.status === 'ready' ? 'ready' : 'unavailable'}`}
                  checked={draft.pinnedProxyIds.includes(p.id)}
                  onChange={(_e, d) =>
                    update({
                      pinnedProxyIds: d.checked
                        ? [...draft.pinnedProxyIds.filter((id) => id !== p.id), p.id]
                        : draft.pinnedProxyIds.filter((id) => id !== p.id),
                    })
                  }
                />
              ))}
            </CheckboxGroup>
          )}

          <Checkbox
            label="Failover to on-host backup mode if no off-host proxies are available"
            checked={draft.failoverToOnHost}
            onChange={(_e, d) => update({ failoverToOnHost: d.checked === true })}
          />

          {coverage.uncoveredVmNames.length > 0 && (
            <MessageBar intent={draft.failoverToOnHost ? 'warning' : 'error'} layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>
                  {coverage.candidates.length === 0 ? 'No off-host proxy available' : 'Not every VM can be processed off-host'}
                </MessageBarTitle>
                {coverage.uncoveredVmNames.join(', ')}:{' '}
                {draft.failoverToOnHost
                  ? 'these VMs will be backed up on-host, loading their Hyper-V host.'
                  : 'these VMs will fail, because failover to on-host is off.'}
              </MessageBarBody>
            </MessageBar>
          )}
        </div>
      )}

      <Field
        label="VMs per volume snapshot"
        hint="VMs on the same volume share one snapshot (at most 8 with a hardware VSS provider). Fewer means shorter snapshot lifetimes."
        validationMessage={errorFor(errors, 'maxVmsPerSnapshot')}
        validationState={errorFor(errors, 'maxVmsPerSnapshot') ? 'error' : 'none'}
      >
        <SpinButton value={draft.maxVmsPerSnapshot} min={1} max={8} onChange={(_e, d) => update({ maxVmsPerSnapshot: spinValue(d) })} />
      </Field>
    </>
  );
}
