// Root: one FluentProvider with the OS theme, toasts, and the console shell.
// No className on the provider: Fluent copies it onto every portal (dialogs, listboxes), so a
// full-height class there would cover the screen with empty portal layers.
import { FluentProvider } from '@fluentui/react-components';
import { NotifyProvider } from './components/notify';
import { AppShell } from './features/shell/AppShell';
import { useOsTheme } from './theme/useOsTheme';

export function App() {
  const theme = useOsTheme();
  return (
    <FluentProvider theme={theme}>
      <NotifyProvider>
        <AppShell />
      </NotifyProvider>
    </FluentProvider>
  );
}
