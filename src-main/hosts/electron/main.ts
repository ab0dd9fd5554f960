// Electron host: the only place `electron` is imported. Same service as the web host (start.ts composes it),
// frames over IPC; the window, the app:// protocol and the app's lifecycle are here.
import { app, BrowserWindow, dialog, ipcMain, protocol, net, session } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Service } from '../../service/service';
import { rendererDir } from '../../app-paths';
import { applySecurity, isTrustedSender, APP_ORIGIN, CSP } from './security';
import { electronDataDir, startElectronService } from './start';
import type { ServerFrame } from '../../../src-shared/contract/protocol';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const dataDir = electronDataDir();
const rendererRoot = rendererDir();

let service: Service | null = null;

async function createWindow(): Promise<void> {
  service = await startElectronService(dataDir);
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Ferry — Off-host backup for Hyper-V',
    // scripts/build.mjs copies it next to the renderer; Windows wants the .ico (all sizes), Linux a PNG.
    icon: join(rendererRoot, process.platform === 'win32' ? 'favicon.ico' : 'icon.png'),
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  applySecurity(win);
  const conns = new Map<number, ReturnType<Service['connect']>>();
  const connFor = (wc: Electron.WebContents) => {
    let c = conns.get(wc.id);
    if (!c && service) {
      c = service.connect((frame: ServerFrame) => {
        if (!wc.isDestroyed()) wc.send('ferry:frame', frame);
      });
      conns.set(wc.id, c);
      wc.once('destroyed', () => {
        conns.get(wc.id)?.close();
        conns.delete(wc.id);
      });
    }
    return c;
  };
  ipcMain.on('ferry:frame', (e, frame: unknown) => {
    if (!isTrustedSender(e.senderFrame)) return;
    connFor(e.sender)?.receive(frame);
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  // The CSP travels on every response, not only on what protocol.handle serves.
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } }));
  protocol.handle('app', (req) => {
    const url = new URL(req.url);
    const file = normalize(join(rendererRoot, decodeURIComponent(url.pathname)));
    if (!file.startsWith(rendererRoot + sep)) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString()).then((r) => {
      const headers = new Headers(r.headers);
      headers.set('Content-Security-Policy', CSP);
      return new Response(r.body, { status: r.status, headers });
    });
  });
  try {
    await createWindow();
  } catch (e) {
    // e.g. E_ENGINE_BUSY: another Ferry (the app, ferry serve) owns the data folder; the message says which and how to reach it
    const err = e as { code?: string; message?: string };
    dialog.showErrorBox('Ferry cannot start', `${err.code ?? 'E_INTERNAL'}: ${err.message ?? String(e)}`);
    app.exit(1);
  }
});

app.on('window-all-closed', () => {
  // running sessions stop (snapshots released) and the data folder is given back before the app ends
  void (service?.close() ?? Promise.resolve()).finally(() => app.quit());
});
