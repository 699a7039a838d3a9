// Electron main entry: single instance, hardened window, backend + IPC binding, File menu, default project.
import { app, BrowserWindow, ipcMain } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, type Backend } from '../backend/backend';
import { configureSqlite } from '../backend/db/open';
import type { RecentProject } from '../../shared/contract/schemas';
import { bindChannels } from './ipc';
import { createHostHandlers } from './dialogs';
import { installMenu } from './menu';
import { MENU_CHANNEL, type MenuCommand } from './menuCommands';
import { resolveNativeBinding } from './nativeBinding';
import { installSecurity } from './security';
import { isTrustedSender, rendererLocation } from './senderCheck';
import { createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url)); // out/main
const dev = !app.isPackaged;

// Chromium's locale (ICU default: native date inputs as dd-mm-jjjj, form validation bubbles, spellcheck) follows the
// app's default language, Dutch, instead of the OS locale (an English Windows would show mm/dd/yyyy). Must be set
// before 'ready'; an explicit --lang on the command line wins. (The app's own fields format dates themselves.)
if (!app.commandLine.hasSwitch('lang')) app.commandLine.appendSwitch('lang', 'nl-NL');

let mainWindow: BrowserWindow | null = null;
let backend: Backend | null = null;

/** Opens the last project if it still exists, else the embedded default project (created on first start). */
async function openStartProject(b: Backend): Promise<void> {
  const recent = await b.dispatch('project.recent', {});
  const last = recent.ok ? (recent.value as RecentProject[]).find((r) => r.exists) : undefined;
  if (last && (await b.dispatch('project.open', { path: last.path })).ok) return;
  const opened = await b.dispatch('project.openDefault', {});
  if (!opened.ok) console.error(`[veldwerk] could not open the default project: ${opened.error.message}`);
}

async function refreshMenu(): Promise<void> {
  const recent = backend ? await backend.dispatch('project.recent', {}) : null;
  installMenu({
    recent: recent?.ok ? (recent.value as RecentProject[]) : [],
    send: (cmd: MenuCommand) => mainWindow?.webContents.send(MENU_CHANNEL, cmd),
    dev,
    isMac: process.platform === 'darwin',
  });
}

async function start(): Promise<void> {
  const appRoot = app.getAppPath();
  const nativeBinding = resolveNativeBinding({ isPackaged: app.isPackaged, appRoot });
  if (nativeBinding) configureSqlite({ nativeBinding });

  const loc = rendererLocation({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    indexFile: join(here, '../renderer/index.html'),
  });
  installSecurity(loc);

  backend = createBackend({ appDataDir: app.getPath('userData'), hostLabel: 'app' });
  bindChannels({
    ipcMain,
    backend,
    host: createHostHandlers(),
    isTrusted: (sender) => isTrustedSender(sender, loc),
    onProjectChannel: () => void refreshMenu(),
  });
  await openStartProject(backend);
  await refreshMenu();
  mainWindow = createMainWindow({ preload: join(here, '../preload/index.cjs'), loc, dev });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    backend?.close();
    backend = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('[veldwerk] failed to start:', e);
      app.exit(1);
    });
}
