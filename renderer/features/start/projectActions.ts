// Project actions shared by the start screen, the shell and the native File menu.
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { openProjectOfferingBackups } from '../backups/restoreOffer';

/**
 * Asks the host for a project to open (native dialog in Electron, in-page picker in a browser)
 * and opens it. Resolves true when a project was opened; false on cancel or error (shown in the banner;
 * a damaged project with backups also gets the backups dialog).
 */
export async function pickAndOpenProject(): Promise<boolean> {
  const store = useAppStore.getState();
  try {
    const { path } = await invoke('dialog.openProject', {});
    return path ? await openProjectOfferingBackups(path) : false;
  } catch (err) {
    store.setError(toResultError(err));
    return false;
  }
}

/**
 * Asks the host where to save a new project. Resolves with the chosen path, or null on cancel/error.
 * @param defaultName suggested file name, e.g. "monitor-2014.vwk"
 */
export async function pickSaveLocation(defaultName?: string): Promise<string | null> {
  try {
    const { path } = await invoke('dialog.saveProject', defaultName ? { defaultName } : {});
    return path;
  } catch (err) {
    useAppStore.getState().setError(toResultError(err));
    return null;
  }
}

/** Turns a project title into a safe file name with the .vwk extension ("Monitor 2014" → "monitor-2014.vwk"). */
export function fileNameForTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'project'}.vwk`;
}
