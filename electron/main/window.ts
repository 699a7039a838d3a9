// The hardened main BrowserWindow.
import { BrowserWindow } from 'electron';
import { rendererUrl, type RendererLocation } from './senderCheck';

/**
 * Creates the main window: context isolation, sandbox, no Node integration, no webviews, our preload
 * only; it is shown once the first paint is ready.
 * @param opts.preload absolute path of the built preload script (CommonJS, required by the sandbox)
 */
export function createMainWindow(opts: { preload: string; loc: RendererLocation; dev: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1320,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Veldwerk',
    backgroundColor: '#f4f6f9',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick', // middle-click cannot open windows either (electronegativity AUXCLICK_JS_CHECK)
      devTools: opts.dev,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl(opts.loc));
  return win;
}
