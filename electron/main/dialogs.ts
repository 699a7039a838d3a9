// Native open/save dialogs answering the dialog.* channels (projects and general files), and files.list, for the Electron host.
import { BrowserWindow, app, dialog, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { hostApi } from '../../shared/contract/api';
import { fail, ok } from '../../shared/contract/result';
import { listFiles } from '../host/filesList';
import type { HostHandlers } from './ipc';

const FILTERS = [{ name: 'Veldwerk-project', extensions: ['vwk'] }];

function ownerWindow(event: IpcMainInvokeEvent): BrowserWindow | null {
  return BrowserWindow.fromWebContents(event.sender);
}

/** The host-channel handlers of the Electron app: native dialogs and a directory listing. */
export function createHostHandlers(): HostHandlers {
  return {
    async 'dialog.openProject'(raw, event) {
      const parsed = hostApi['dialog.openProject'].input.safeParse(raw ?? {});
      if (!parsed.success) return fail('INVALID_INPUT', 'Invalid input for dialog.openProject');
      const win = ownerWindow(event);
      const options: Electron.OpenDialogOptions = { title: 'Project openen', filters: FILTERS, properties: ['openFile'] };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return ok({ path: r.canceled ? null : (r.filePaths[0] ?? null) });
    },
    async 'dialog.saveProject'(raw, event) {
      const parsed = hostApi['dialog.saveProject'].input.safeParse(raw ?? {});
      if (!parsed.success) return fail('INVALID_INPUT', 'Invalid input for dialog.saveProject');
      const win = ownerWindow(event);
      const name = parsed.data.defaultName ?? 'project.vwk';
      const options: Electron.SaveDialogOptions = {
        title: 'Project opslaan als',
        defaultPath: join(app.getPath('documents'), name),
        filters: FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return ok({ path: null });
      return ok({ path: /\.vwk$/i.test(r.filePath) ? r.filePath : `${r.filePath}.vwk` });
    },
    async 'dialog.openFile'(raw, event) {
      const parsed = hostApi['dialog.openFile'].input.safeParse(raw ?? {});
      if (!parsed.success) return fail('INVALID_INPUT', 'Invalid input for dialog.openFile');
      const { title, extensions, folder } = parsed.data;
      const win = ownerWindow(event);
      const options: Electron.OpenDialogOptions = {
        title: title ?? (folder ? 'Map kiezen' : 'Bestand openen'),
        properties: folder ? ['openDirectory'] : ['openFile'],
        ...(!folder && extensions.length > 0 ? { filters: [{ name: extensions.map((e) => `.${e}`).join(', '), extensions }] } : {}),
      };
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return ok({ path: r.canceled ? null : (r.filePaths[0] ?? null) });
    },
    async 'dialog.saveFile'(raw, event) {
      const parsed = hostApi['dialog.saveFile'].input.safeParse(raw ?? {});
      if (!parsed.success) return fail('INVALID_INPUT', 'Invalid input for dialog.saveFile');
      const { title, defaultName, extensions } = parsed.data;
      const ext = extensions[0] ?? '';
      const win = ownerWindow(event);
      const options: Electron.SaveDialogOptions = {
        title: title ?? 'Opslaan als',
        defaultPath: join(app.getPath('documents'), defaultName ?? `bestand.${ext}`),
        filters: [{ name: extensions.map((e) => `.${e}`).join(', '), extensions }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (r.canceled || !r.filePath) return ok({ path: null });
      const hasExt = extensions.some((e) => r.filePath.toLowerCase().endsWith(`.${e}`));
      return ok({ path: hasExt ? r.filePath : `${r.filePath}.${ext}` });
    },
    'files.list'(raw) {
      return listFiles(raw, app.getPath('documents'));
    },
  };
}
