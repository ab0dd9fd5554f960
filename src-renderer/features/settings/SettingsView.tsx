// Settings: notifications (e-mail, daily summary, syslog, webhook, Windows Event Log), session history retention and
// default job options, saved together; the notification deliveries below. The sections are a list so later ones
// (the Ferry service's listen address and TLS, users and roles) join without reshaping the page.
import { useEffect, useMemo, useState } from 'react';
import { MessageBar, MessageBarBody, ToolbarButton, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowUndo20Regular, Save20Regular } from '@fluentui/react-icons';
import type { NotificationChannel, SettingsView as SettingsData } from '../../../src-shared/contract/settings';
import { CommandBar } from '../../components/CommandBar';
import { useNotify } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { errorMessage } from '../../backend/errors';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { settingsSelectors } from '../../store/slices/settings/selectors';
import { DailySummarySection, EventLogSection, SyslogSection, WebhookSection } from './ChannelSections';
import { DeliveriesSection } from './DeliveriesSection';
import { EmailSection } from './EmailSection';
import { formErrors, formFromSettings, notificationsOf, patchOf, sameForm, type SettingsForm } from './form';
import { HistorySection, JobDefaultsSection } from './HistoryAndDefaults';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, padding: tokens.spacingHorizontalXL, maxWidth: '1100px' },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  groupTitle: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function SettingsView() {
  const settings = useFerryStore(settingsSelectors.settings);
  const { fetchSettings } = useFerryStore.getState();
  useEffect(() => {
    if (settings.status === 'idle') void fetchSettings();
  }, [settings.status, fetchSettings]);
  if (settings.data === null) {
    return (
      <>
        <CommandBar title="Settings" label="Settings commands">
          <ToolbarButton icon={<Save20Regular />} disabled>
            Save
          </ToolbarButton>
        </CommandBar>
        {settings.status === 'error' ? <ErrorState title="Could not load the settings" message={settings.error ?? ''} onRetry={() => void fetchSettings()} /> : <LoadingState label="Loading settings…" />}
      </>
    );
  }
  // a new key when the stored settings change (saved here, or elsewhere): the form starts again from them
  return <SettingsEditor key={JSON.stringify(settings.data)} saved={settings.data} />;
}

function SettingsEditor({ saved }: { saved: SettingsData }) {
  const s = useStyles();
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const appInfo = useFerryStore(connectionSelectors.appInfo);
  const { saveSettings, testNotification } = useFerryStore.getState();
  const initial = useMemo(() => formFromSettings(saved), [saved]);
  const [form, setForm] = useState<SettingsForm>(initial);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const errors = useMemo(() => formErrors(form), [form]);
  const dirty = !sameForm(form, initial);
  const invalid = Object.keys(errors).length > 0;

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      await saveSettings(patchOf(form));
      notify('Settings saved');
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const test = (channel: NotificationChannel) => testNotification(channel, notificationsOf(form), form.password || undefined);
  const props = { form, errors, onChange: setForm };

  return (
    <>
      <CommandBar title="Settings" label="Settings commands">
        <ToolbarButton appearance="primary" icon={<Save20Regular />} disabled={!connected || !dirty || invalid || saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </ToolbarButton>
        <ToolbarButton icon={<ArrowUndo20Regular />} disabled={!dirty || saving} onClick={() => setForm(initial)}>
          Discard changes
        </ToolbarButton>
      </CommandBar>
      <div className={s.body}>
        {saveError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>Not saved: {saveError}</MessageBarBody>
          </MessageBar>
        )}
        {dirty && invalid && (
          <MessageBar intent="warning">
            <MessageBarBody>Correct the fields marked below to save.</MessageBarBody>
          </MessageBar>
        )}
        <div className={s.group} role="group" aria-labelledby="settings-notifications">
          <h2 id="settings-notifications" className={s.groupTitle}>
            Notifications
          </h2>
          <EmailSection {...props} passwordSet={saved.smtpPasswordSet} onTest={() => test('email')} />
          <DailySummarySection {...props} onTest={test} eventLogAvailable={false} />
          <SyslogSection {...props} onTest={test} eventLogAvailable={false} />
          <WebhookSection {...props} onTest={test} eventLogAvailable={false} />
          <EventLogSection {...props} onTest={test} eventLogAvailable={appInfo?.platform === 'windows'} />
        </div>
        <HistorySection {...props} />
        <JobDefaultsSection {...props} />
        <DeliveriesSection />
      </div>
    </>
  );
}
