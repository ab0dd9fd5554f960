// Step 1: job name and description.
import { Field, Input, Textarea } from '@fluentui/react-components';
import type { FieldError } from '../../../backend/errors';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';

export function NameStep({ errors }: { errors: FieldError[] }) {
  const name = useJobWizard((w) => w.draft.name);
  const description = useJobWizard((w) => w.draft.description);
  const update = useJobWizard((w) => w.update);
  const nameError = errorFor(errors, 'name');
  const descriptionError = errorFor(errors, 'description');

  return (
    <>
      <Field label="Name" required validationMessage={nameError} validationState={nameError ? 'error' : 'none'}>
        <Input value={name} maxLength={64} onChange={(_e, d) => update({ name: d.value })} />
      </Field>
      <Field
        label="Description"
        validationMessage={descriptionError}
        validationState={descriptionError ? 'error' : 'none'}
        hint="Optional. Shown in the jobs list and in session reports."
      >
        <Textarea value={description} maxLength={500} resize="vertical" onChange={(_e, d) => update({ description: d.value })} />
      </Field>
    </>
  );
}
