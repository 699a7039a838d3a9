// Restore offer: which project's backups the backups dialog shows, and opening a project that offers its backups when it is damaged.
import { create } from 'zustand';
import type { ResultError } from '../../../shared/contract/result';
import type { BackupEntry } from '../../../shared/contract/security';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';

/** Error codes of an open that a backup can repair: a damaged file, or one whose header was overwritten. */
export const RESTORABLE_CODES: ReadonlySet<string> = new Set(['CORRUPT_PROJECT', 'NOT_A_PROJECT']);

/** What the backups dialog is showing: the project, why (its open failed, or the user asked) and its backups. */
export interface RestoreOffer {
  /** The project file (.vwk) the backups belong to; a restore goes here unless another file is chosen. */
  path: string;
  /** The error of the failed open that led to this offer; null when the user opened the dialog. */
  failure: ResultError | null;
  /** The project's backups, newest first (`project.listBackups`). */
  backups: BackupEntry[];
}

interface RestoreOfferState {
  offer: RestoreOffer | null;
  setOffer(offer: RestoreOffer | null): void;
}

/** The dialog's state (one offer at a time; null = closed). Kept apart from the app store: it is screen state only. */
export const useRestoreOffer = create<RestoreOfferState>()((set) => ({
  offer: null,
  setOffer: (offer) => set({ offer }),
}));

/**
 * Lists a project's backups and shows them in the backups dialog.
 * @param path the project file (it may be damaged or missing: its backups folder is read all the same)
 * @param failure the error that made the project unopenable, or null when the user asked for the backups
 * @returns the number of backups listed; on a failed listing the error goes to the app's banner and 0 is returned
 */
export async function showBackups(path: string, failure: ResultError | null): Promise<number> {
  try {
    const backups = await invoke('project.listBackups', { path });
    useRestoreOffer.getState().setOffer({ path, failure, backups });
    return backups.length;
  } catch (err) {
    useAppStore.getState().setError(toResultError(err));
    return 0;
  }
}

/**
 * Opens a project; when that fails because the file is damaged (CORRUPT_PROJECT, or NOT_A_PROJECT for a
 * file whose header is gone) and the project has backups, the error stays in the banner and the backups
 * dialog offers them.
 * @returns true when the project was opened
 */
export async function openProjectOfferingBackups(path: string): Promise<boolean> {
  const store = useAppStore.getState();
  if (await store.openProject(path)) return true;
  const error = useAppStore.getState().error;
  if (!error || !RESTORABLE_CODES.has(error.code)) return false;
  try {
    const backups = await invoke('project.listBackups', { path });
    if (backups.length > 0) useRestoreOffer.getState().setOffer({ path, failure: error, backups });
  } catch {
    /* no backups folder to offer: the open's error stays in the banner */
  }
  return false;
}

/**
 * A file size for people: bytes below 1 KiB, then KB / MB with one decimal (1024-based, as file managers on Windows show).
 * @param bytes size in bytes
 * @param locale BCP 47 tag for the decimal separator ("nl" → 1,5 MB)
 */
export function formatSize(bytes: number, locale: string): string {
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${one.format(bytes / 1024)} KB`;
  return `${one.format(bytes / (1024 * 1024))} MB`;
}
