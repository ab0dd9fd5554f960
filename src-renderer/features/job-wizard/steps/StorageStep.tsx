// Step 3: where backups go, how many restore points stay, and how blocks are cut and compressed.
import { Dropdown, Field, Option, SpinButton } from '@fluentui/react-components';
import type { FieldError } from '../../../api/errors';
import { ErrorState } from '../../../components/StateViews';
import { formatBytes } from '../../../lib/format';
import { spinValue } from '../../../lib/spin';
import { useFerryStore } from '../../../store';
import { repositoriesSelectors } from '../../../store/slices/repositories/selectors';
import { BLOCK_SIZE_OPTIONS, COMPRESSION_OPTIONS, type BlockSize, type Compression } from '../draft';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';

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
    </>
  );
}
