// Preload: exposes `window.veldwerk` — one function per contract channel plus File-menu events — never ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames } from '../../shared/contract/api';
import type { Result } from '../../shared/contract/result';
import { MENU_CHANNEL, RPC_PREFIX, isMenuCommand, type MenuCommand } from '../main/menuCommands';

const bridge: Record<string, unknown> = {};
for (const channel of channelNames) {
  bridge[channel] = (input: unknown): Promise<Result<unknown>> => ipcRenderer.invoke(`${RPC_PREFIX}${channel}`, input);
}

bridge.onMenuCommand = (listener: (cmd: MenuCommand) => void): (() => void) => {
  if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function');
  const wrapped = (_event: IpcRendererEvent, cmd: unknown) => {
    if (isMenuCommand(cmd)) listener(cmd);
  };
  ipcRenderer.on(MENU_CHANNEL, wrapped);
  return () => {
    ipcRenderer.removeListener(MENU_CHANNEL, wrapped);
  };
};

contextBridge.exposeInMainWorld('veldwerk', Object.freeze(bridge));
