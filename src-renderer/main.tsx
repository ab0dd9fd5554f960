// Boot: pick the transport for this host, create the typed client, wire the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../src-shared/contract';
import { setClient } from './api/client';
import { App } from './App';
import { connectPlatform } from './platform/bridge';
import { syncRouteWithHash } from './routing/sync';
import { useFerryStore } from './store';
import { connectStore } from './store/bridge';
import './styles.css';

const platform = connectPlatform();
setClient(createClient(platform.transport));
useFerryStore.getState().setHostKind(platform.host, platform.reconnectNow);
connectStore(platform.status);
syncRouteWithHash(useFerryStore);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
