// Replication step 4: which virtual switch on the target each source switch's network adapters connect to.
import { Button, Checkbox, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, Delete20Regular } from '@fluentui/react-icons';
import type { FieldError } from '../../../backend/errors';
import type { NetworkMappingDraft } from '../draft';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr max-content max-content', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  notConnected: { paddingBottom: tokens.spacingVerticalXS },
  help: { color: tokens.colorNeutralForeground3 },
});

export function NetworkStep({ errors }: { errors: FieldError[] }) {
  const s = useStyles();
  const mapping = useJobWizard((w) => w.draft.networkMapping);
  const update = useJobWizard((w) => w.update);
  const set = (i: number, patch: Partial<NetworkMappingDraft>) => update({ networkMapping: mapping.map((m, j) => (j === i ? { ...m, ...patch } : m)) });

  return (
    <>
      <Text className={s.help}>
        A replica&apos;s network adapters on a listed source switch connect to the target switch you give, or stay not connected (no clash with the
        production VM while both run).
      </Text>
      {mapping.length === 0 && <Text>No mappings: the replicas&apos; adapters keep their source switch names.</Text>}
      {mapping.map((m, i) => {
        const sourceError = errorFor(errors, `replication.networkMapping.${i}.sourceSwitch`);
        const targetError = errorFor(errors, `replication.networkMapping.${i}.targetSwitch`);
        return (
          <div key={i} className={s.row} role="group" aria-label={`Mapping ${i + 1}`}>
            <Field label="Source switch" required validationMessage={sourceError} validationState={sourceError ? 'error' : 'none'}>
              <Input value={m.sourceSwitch} maxLength={128} onChange={(_e, d) => set(i, { sourceSwitch: d.value })} />
            </Field>
            <Field label="Target switch" required={m.targetSwitch !== null} validationMessage={targetError} validationState={targetError ? 'error' : 'none'}>
              <Input
                value={m.targetSwitch ?? ''}
                maxLength={128}
                disabled={m.targetSwitch === null}
                placeholder={m.targetSwitch === null ? 'Not connected' : undefined}
                onChange={(_e, d) => set(i, { targetSwitch: d.value })}
              />
            </Field>
            <Checkbox
              className={s.notConnected}
              label="Not connected"
              checked={m.targetSwitch === null}
              onChange={(_e, d) => set(i, { targetSwitch: d.checked === true ? null : '' })}
            />
            <Button
              icon={<Delete20Regular />}
              aria-label={`Remove mapping ${i + 1}${m.sourceSwitch ? ` (${m.sourceSwitch})` : ''}`}
              onClick={() => update({ networkMapping: mapping.filter((_m, j) => j !== i) })}
            />
          </div>
        );
      })}
      <div>
        <Button icon={<Add20Regular />} disabled={mapping.length >= 64} onClick={() => update({ networkMapping: [...mapping, { sourceSwitch: '', targetSwitch: '' }] })}>
          Add mapping
        </Button>
      </div>
    </>
  );
}
