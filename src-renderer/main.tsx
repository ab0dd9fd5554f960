// Boot: pick the transport for this host, create the typed client, wire the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../src-shared/contract';
import { setClient } from './backend/client';
import { App } from './App';
import { connectBackend } from './backend/connect';
import { syncRouteWithHash } from './routing/sync';
import { useFerryStore } from './store';
import { connectStore } from './store/live-updates';
import './styles.css';

const backend = connectBackend();
setClient(createClient(backend.transport));
useFerryStore.getState().setHostKind(backend.host, backend.reconnectNow);
connectStore(backend.status);
syncRouteWithHash(useFerryStore);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
