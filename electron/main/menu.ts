// The application menu: File (New / Open / Open recent / Close project), Edit and View.
import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from '../../shared/contract/schemas';
import type { MenuCommand } from './menuCommands';

/** Menu labels (Dutch, the app's default language). */
const L = {
  file: 'Bestand',
  newProject: 'Nieuw project…',
  openProject: 'Project openen…',
  openRecent: 'Recent geopend',
  noRecent: 'Geen recente projecten',
  closeProject: 'Project sluiten',
  quit: 'Afsluiten',
  edit: 'Bewerken',
  view: 'Beeld',
  window: 'Venster',
};

/**
 * Builds and installs the application menu. Menu actions are sent to the renderer as
 * {@link MenuCommand}s, so the menu and the on-screen buttons share one code path.
 * @param opts.recent most recent first; only existing files are listed (at most 10)
 * @param opts.send delivers a command to the focused renderer
 * @param opts.dev adds reload and developer tools
 */
export function installMenu(opts: { recent: RecentProject[]; send(cmd: MenuCommand): void; dev: boolean; isMac: boolean }): void {
  const recentItems: MenuItemConstructorOptions[] = opts.recent
    .filter((r) => r.exists)
    .slice(0, 10)
    .map((r) => ({ label: `${r.title} — ${r.path}`, click: () => opts.send({ command: 'openRecent', path: r.path }) }));
  const file: MenuItemConstructorOptions = {
    label: L.file,
    submenu: [
      { label: L.newProject, accelerator: 'CmdOrCtrl+N', click: () => opts.send({ command: 'newProject' }) },
      { label: L.openProject, accelerator: 'CmdOrCtrl+O', click: () => opts.send({ command: 'openProject' }) },
      { label: L.openRecent, submenu: recentItems.length > 0 ? recentItems : [{ label: L.noRecent, enabled: false }] },
      { type: 'separator' },
      { label: L.closeProject, accelerator: 'CmdOrCtrl+Shift+W', click: () => opts.send({ command: 'closeProject' }) },
      ...(opts.isMac ? [] : [{ type: 'separator' } as const, { label: L.quit, role: 'quit' } as const]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: L.view,
    submenu: [
      ...(opts.dev ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(opts.isMac ? [{ role: 'appMenu' } as const] : []),
    file,
    { label: L.edit, role: 'editMenu' },
    view,
    { label: L.window, role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
