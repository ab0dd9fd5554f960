// "Add backup repository": Name → Folder → Review (Create) → Summary, in the style of the other wizards.
import { useState } from 'react';
import { useStore } from 'zustand';
import { useWizardSteps } from '../../components/wizard/useWizardSteps';
import { WizardDialog, type WizardButton } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { repositoriesSelectors } from '../../store/slices/repositories/selectors';
import { FolderStep, NameStep, ReviewStep, SummaryStep } from './steps';
import { createRepositoryWizardStore, REPOSITORY_STEPS, RepositoryWizardContext, type RepositoryStep } from './store';
import { nameError, pathError, suggestedPath } from './validation';

const headings: Record<RepositoryStep, { heading: string; description: string }> = {
  name: { heading: 'Name', description: 'A name that says where backups go, e.g. "SAN backup volume" or "Off-site NAS".' },
  folder: { heading: 'Folder', description: 'Where on the Ferry host the repository keeps its restore points.' },
  review: { heading: 'Review', description: 'Nothing has been created yet.' },
  summary: { heading: 'Summary', description: 'The repository has been added.' },
};

export function RepositoryWizard({ onClose }: { onClose(): void }) {
  const [store] = useState(createRepositoryWizardStore);
  const w = useStore(store);
  const repositories = useFerryStore(repositoriesSelectors.items);
  const dataDir = useFerryStore(connectionSelectors.appInfo)?.dataDir;
  const fetchRepositories = useFerryStore((s) => s.fetchRepositories);
  const nav = useWizardSteps(REPOSITORY_STEPS, w.step, w.goTo);
  const stepError: Partial<Record<RepositoryStep, string | null>> = {
    name: nameError(w.name, repositories),
    folder: pathError(w.path, repositories),
  };
  const shownError = (step: RepositoryStep) => (w.showErrors ? (stepError[step] ?? null) : null);
  const submitting = w.submit.status === 'submitting';

  const next: WizardButton = (() => {
    switch (w.step) {
      case 'review':
        return {
          label: 'Create',
          busy: submitting,
          onClick: () => void w.create().then((repo) => repo && fetchRepositories()),
        };
      case 'summary':
        return { label: 'Finish', onClick: onClose };
      default:
        return nav.revealingNext(Boolean(stepError[w.step]), () => w.setShowErrors(true));
    }
  })();

  const { heading, description } = headings[w.step];
  return (
    <RepositoryWizardContext.Provider value={store}>
      <WizardDialog
        open
        title="Add backup repository"
        steps={nav.steps}
        currentStep={w.step}
        heading={heading}
        description={description}
        back={w.step === 'summary' ? null : nav.back(submitting)}
        next={next}
        cancel={w.step === 'summary' ? null : { label: 'Cancel', disabled: submitting, onClick: onClose }}
      >
        {w.step === 'name' && <NameStep error={shownError('name')} suggestionFor={(name) => suggestedPath(dataDir, name)} />}
        {w.step === 'folder' && <FolderStep error={shownError('folder')} />}
        {w.step === 'review' && <ReviewStep />}
        {w.step === 'summary' && <SummaryStep />}
      </WizardDialog>
    </RepositoryWizardContext.Provider>
  );
}
