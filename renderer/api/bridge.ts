// Shape of `window.veldwerk` as exposed by the Electron preload (one function per channel + menu events).
import type { Channel } from '../../shared/contract/api';
import type { Result } from '../../shared/contract/result';

/**
 * Commands sent by the native File menu to the renderer. Mirrors `MenuCommand` in
 * electron/preload/menuCommands.ts; tests/unit/bridgeTypes.test.ts keeps the two identical.
 */
export type MenuCommand =
  | { command: 'newProject' }
  | { command: 'openProject' }
  | { command: 'openRecent'; path: string }
  | { command: 'closeProject' };

/** The object the preload puts on `window.veldwerk`. */
export type VeldwerkBridge = {
  readonly [C in Channel]: (input: unknown) => Promise<Result<unknown>>;
} & {
  /** Subscribes to File-menu commands; returns an unsubscribe function. */
  readonly onMenuCommand: (listener: (cmd: MenuCommand) => void) => () => void;
};

declare global {
  interface Window {
    veldwerk?: VeldwerkBridge;
  }
}

/** Returns the preload bridge when running inside Electron, otherwise undefined. */
export function getBridge(): VeldwerkBridge | undefined {
  return typeof window !== 'undefined' ? window.veldwerk : undefined;
}
