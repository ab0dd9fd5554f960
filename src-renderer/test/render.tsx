// Renders a component the way the app does (one FluentProvider) over a store seeded with fixtures.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { Credential, Inventory, Job, ManagedServer, Proxy, Repository } from '../../src-shared/domain';
import { setClient } from '../backend/client';
import { useFerryStore, resetFerryStore } from '../store';
import { createFakeClient, type FakeAnswers, type FakeClient } from './fakeClient';
import { installDomShims } from './setup-dom';

const ready = <T,>(data: T) => ({ data, status: 'ready' as const, error: null, refreshing: false });

export function renderWithStore(
  ui: ReactElement,
  seed: {
    inventory: Inventory;
    proxies?: Proxy[];
    repositories?: Repository[];
    jobs?: Job[];
    servers?: ManagedServer[];
    credentials?: Credential[];
    answers?: FakeAnswers;
  },
): { client: FakeClient } & ReturnType<typeof render> {
  installDomShims();
  resetFerryStore();
  const client = createFakeClient({
    'proxies.list': () => seed.proxies ?? [],
    'jobs.list': () => seed.jobs ?? [],
    'servers.list': () => seed.servers ?? [],
    'credentials.list': () => seed.credentials ?? [],
    ...seed.answers,
  });
  setClient(client);
  useFerryStore.setState({
    connection: { kind: 'connected' },
    inventory: ready(seed.inventory),
    proxies: ready(seed.proxies ?? []),
    repositories: ready(seed.repositories ?? []),
    jobs: ready(seed.jobs ?? []),
    servers: ready(seed.servers ?? []),
    credentials: ready(seed.credentials ?? []),
  });
  const result = render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
  return { client, ...result };
}
