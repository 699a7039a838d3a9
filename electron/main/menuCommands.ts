// Commands the native File menu sends to the renderer (channel name + shape). Mirrors renderer/api/bridge.ts.

/** IPC channel on which main sends {@link MenuCommand}s to the renderer. */
export const MENU_CHANNEL = 'vw:menu';

/** Prefix of the IPC channel of each contract channel, e.g. "vw:rpc:project.open". */
export const RPC_PREFIX = 'vw:rpc:';

/** A File-menu command; the renderer runs the same action as its own buttons. */
export type MenuCommand =
  | { command: 'newProject' }
  | { command: 'openProject' }
  | { command: 'openRecent'; path: string }
  | { command: 'closeProject' };

/** Structural check of a MenuCommand received over IPC. */
export function isMenuCommand(x: unknown): x is MenuCommand {
  if (typeof x !== 'object' || x === null) return false;
  const c = (x as { command?: unknown }).command;
  if (c === 'openRecent') return typeof (x as { path?: unknown }).path === 'string';
  return c === 'newProject' || c === 'openProject' || c === 'closeProject';
}
