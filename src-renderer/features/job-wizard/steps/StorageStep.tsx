// Step 3: where backups go, how many restore points stay, how blocks are cut and compressed, and how
// incrementals find what changed (RCT) and when the chain starts again from a full read (active full).
import { Checkbox, Dropdown, Field, Option, Radio, RadioGroup, SpinButton } from '@fluentui/react-components';
import type { FieldError } from '../../../backend/errors';
import { ErrorState } from '../../../components/StateViews';
import { formatBytes } from '../../../lib/format';
import { spinValue } from '../../../lib/spin';
import { useFerryStore } from '../../../store';
import { repositoriesSelectors } from '../../../store/slices/repositories/selectors';
import { BLOCK_SIZE_OPTIONS, COMPRESSION_OPTIONS, type ActiveFullKind, type BlockSize, type Compression } from '../draft';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';
import { SubOptions } from './SubOptions';
import { WeekdayPicker } from '../../../components/WeekdayPicker';

export function StorageStep({ errors }: { errors: FieldError[] }) {
  const repositoriesLoadable = useFerryStore(repositoriesSelectors.loadable);
  const fetchRepositories = useFerryStore((st) => st.fetchRepositories);
  const repositories = repositoriesLoadable.data;
  const draft = useJobWizard((w) => w.draft);
  const update = useJobWizard((w) => w.update);
  const repo = repositories.find((r) => r.id === draft.repositoryId);
  const repoError = errorFor(errors, 'repositoryId');
  const compression = COMPRESSION_OPTIONS.find((o) => o.value === draft.compression);
  const blockSize = BLOCK_SIZE_OPTIONS.find((o) => o.value === draft.blockSize);
  const dayOfMonthError = errorFor(errors, 'activeFull.dayOfMonth');

  return (
    <>
      {repositoriesLoadable.status === 'error' && (
        <ErrorState
          title="Could not load the repositories"
          message={repositoriesLoadable.error ?? ''}
          onRetry={() => void fetchRepositories()}
        />
      )}
      <Field
        label="Backup repository"
        required
        validationMessage={repoError}
        validationState={repoError ? 'error' : 'none'}
        hint={repo ? `${repo.path} — ${formatBytes(repo.capacityBytes - repo.usedBytes)} free of ${formatBytes(repo.capacityBytes)}` : undefined}
      >
        <Dropdown
          placeholder={repositories.length ? 'Choose a repository' : 'No repositories configured'}
          value={repo?.name ?? ''}
          selectedOptions={draft.repositoryId ? [draft.repositoryId] : []}
          onOptionSelect={(_e, d) => d.optionValue && update({ repositoryId: d.optionValue })}
        >
          {repositories.map((r) => (
            <Option key={r.id} value={r.id} text={r.name}>
              {`${r.name} — ${formatBytes(r.capacityBytes - r.usedBytes)} free`}
            </Option>
          ))}
        </Dropdown>
      </Field>

      <Field
        label="Restore points to keep"
        required
        validationMessage={errorFor(errors, 'retention')}
        validationState={errorFor(errors, 'retention') ? 'error' : 'none'}
        hint="After each successful run, older restore points of this job are removed from the repository (1–1000)."
      >
        <SpinButton value={draft.keepLast} min={1} max={1000} onChange={(_e, d) => update({ keepLast: spinValue(d) })} />
      </Field>

      <Field label="Compression level" hint={compression?.hint}>
        <Dropdown
          value={compression?.label ?? ''}
          selectedOptions={[draft.compression]}
          onOptionSelect={(_e, d) => d.optionValue && update({ compression: d.optionValue as Compression })}
        >
          {COMPRESSION_OPTIONS.map((o) => (
            <Option key={o.value} value={o.value}>
              {o.label}
            </Option>
          ))}
        </Dropdown>
      </Field>

      <Field label="Block size (storage optimization)" hint={blockSize?.hint}>
        <Dropdown
          value={blockSize?.label ?? ''}
          selectedOptions={[draft.blockSize]}
          onOptionSelect={(_e, d) => d.optionValue && update({ blockSize: d.optionValue as BlockSize })}
        >
          {BLOCK_SIZE_OPTIONS.map((o) => (
            <Option key={o.value} value={o.value}>
              {o.label}
            </Option>
          ))}
        </Dropdown>
      </Field>

      <Field
        hint={
          draft.changeTracking
            ? 'Hyper-V Resilient Change Tracking reports the blocks written since the last restore point: incrementals read only those.'
            : 'Every run reads every disk in full and stores only the blocks that differ: slower, and more load on the storage.'
        }
      >
        <Checkbox
          label="Use changed block tracking (RCT) for incrementals"
          checked={draft.changeTracking}
          onChange={(_e, d) => update({ changeTracking: d.checked === true })}
        />
      </Field>

      <Field label="Active full backup" hint="An active full reads every disk again and starts a new chain of incrementals.">
        <RadioGroup value={draft.activeFullKind} onChange={(_e, d) => update({ activeFullKind: d.value as ActiveFullKind })}>
          <Radio value="none" label="Off" />
          <Radio value="weekly" label="Weekly on selected days" />
          <Radio value="monthly" label="Monthly on a day of the month" />
        </RadioGroup>
      </Field>
      {draft.activeFullKind === 'weekly' && (
        <SubOptions>
          <WeekdayPicker
            label="Active full on"
            days={draft.activeFullDays}
            error={errorFor(errors, 'activeFull.days')}
            onChange={(activeFullDays) => update({ activeFullDays })}
          />
        </SubOptions>
      )}
      {draft.activeFullKind === 'monthly' && (
        <SubOptions>
          <Field
            label="Day of the month"
            hint="1 to 28: every month has it."
            validationMessage={dayOfMonthError}
            validationState={dayOfMonthError ? 'error' : 'none'}
          >
            <SpinButton
              value={draft.activeFullDayOfMonth}
              min={1}
              max={28}
              onChange={(_e, d) => update({ activeFullDayOfMonth: spinValue(d) })}
            />
          </Field>
        </SubOptions>
      )}
    </>
  );
}
