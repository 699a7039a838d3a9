// In-page answers to the dialog.* channels when the UI runs in a browser (no native dialogs there).
import { useSyncExternalStore } from 'react';

/** What the page is asked to pick: an existing project to open, or a file name to save a new one. */
export interface PickRequest {
  id: number;
  mode: 'open' | 'save';
  defaultName?: string;
  /** Pick files with these extensions (no dot) instead of .vwk projects. */
  extensions?: readonly string[];
  /** Open mode only: pick a folder (the one shown) rather than a file. */
  folder?: boolean;
  /** Title shown instead of the project open/save title. */
  title?: string;
  resolve(path: string | null): void;
}

/** Options of a general file pick (dialog.openFile / dialog.saveFile). */
export interface PickOptions {
  extensions?: readonly string[];
  folder?: boolean;
  title?: string;
}

let current: PickRequest | null = null;
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const l of listeners) l();
}

/**
 * Asks the mounted file picker for a path. Resolves with the chosen absolute path, or null when
 * the user cancels. A pending request is cancelled (null) when a new one starts.
 * Without `options` it picks a .vwk project; with `extensions`/`folder` any file or a folder.
 */
export function requestPick(mode: 'open' | 'save', defaultName?: string, options: PickOptions = {}): Promise<string | null> {
  if (current) current.resolve(null);
  return new Promise((resolve) => {
    const id = nextId++;
    current = {
      id,
      mode,
      ...(defaultName !== undefined ? { defaultName } : {}),
      ...(options.extensions !== undefined ? { extensions: options.extensions } : {}),
      ...(options.folder !== undefined ? { folder: options.folder } : {}),
      ...(options.title !== undefined ? { title: options.title } : {}),
      resolve: (path) => {
        if (current?.id === id) {
          current = null;
          emit();
        }
        resolve(path);
      },
    };
    emit();
  });
}

/** React hook: the pending pick request, or null. Used by the FilePicker component. */
export function usePickRequest(): PickRequest | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
