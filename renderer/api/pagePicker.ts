// In-page answers to the dialog.* channels when the UI runs in a browser (no native dialogs there).
import { useSyncExternalStore } from 'react';

/** What the page is asked to pick: an existing project to open, or a file name to save a new one. */
export interface PickRequest {
  id: number;
  mode: 'open' | 'save';
  defaultName?: string;
  resolve(path: string | null): void;
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
 */
export function requestPick(mode: 'open' | 'save', defaultName?: string): Promise<string | null> {
  if (current) current.resolve(null);
  return new Promise((resolve) => {
    const id = nextId++;
    current = {
      id,
      mode,
      ...(defaultName !== undefined ? { defaultName } : {}),
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
