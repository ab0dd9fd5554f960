// Electron host: the only place `electron` is imported. Same service as the web host, frames over IPC.
import { app, BrowserWindow, ipcMain, protocol, net, session } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createService, type Service } from '../../service/service';
import { defaultDataDir } from '../../cli/data-dir';
import { VERSION, appRoot, defaultAgentPackageDir } from '../../cli/paths';
import { safeStorageSecrets } from './safe-storage-secrets';
import { utilityAgentLauncher } from './utility-agent-launcher';
import { applySecurity, isTrustedSender, APP_ORIGIN, CSP } from './security';
import type { ServerFrame } from '../../../src-shared/contract/protocol';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const dataArg = process.argv.find((a) => a.startsWith('--data='));
const dataDir = dataArg ? dataArg.slice('--data='.length) : defaultDataDir();
const rendererRoot = join(appRoot(), 'out', 'renderer');

let service: Service | null = null;

async function createWindow(): Promise<void> {
  service = await createService({
    dataDir,
    host: { host: 'electron', version: VERSION },
    labStepDelayMs: 400,
    secrets: safeStorageSecrets(dataDir),
    // Lab proxies' agents are utility processes (runAsNode is fused off); without a built CLI, data moves in-process.
    agentCommand: utilityAgentLauncher(appRoot()),
    // windows platform: the agent package proxies get (electron-builder.yml extraResources: release/agent → agent)
    defaultAgentPackageDir: app.isPackaged ? join(process.resourcesPath, 'agent') : defaultAgentPackageDir(),
    onStartupLog: (_l, t) => console.log(t),
  });
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
  await createWindow();
});

app.on('window-all-closed', () => {
  void service?.close().finally(() => app.quit());
});
