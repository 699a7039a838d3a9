// Binds every contract channel to ipcMain.handle after a sender check; backend channels go to dispatch.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { backendApi, channelNames, hostChannelNames, type HostChannel, type Output } from '../../shared/contract/api';
import type { Result } from '../../shared/contract/result';
import { RPC_PREFIX } from './menuCommands';
import type { SenderInfo } from './senderCheck';

/** The backend as main uses it (see electron/backend/backend.ts). */
export interface DispatchingBackend {
  dispatch(channel: string, rawInput: unknown): Promise<Result<unknown>>;
}

/** One handler per host channel; a missing one is a compile error. Raw input is untrusted. */
export type HostHandlers = {
  [C in HostChannel]: (rawInput: unknown, event: IpcMainInvokeEvent) => Promise<Result<Output<C>>>;
};

/** Options for {@link bindChannels}. */
export interface BindOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  backend: DispatchingBackend;
  host: HostHandlers;
  /** The pure sender check, already bound to our renderer location. */
  isTrusted(sender: SenderInfo): boolean;
  /** Called after a backend `project.*` channel ran (e.g. to refresh the recent-projects menu). */
  onProjectChannel?(channel: string): void;
}

/** Extracts what the sender check needs from an invoke event. */
export function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url, isTopFrame: frame !== null && frame !== undefined && frame.parent === null };
}

/**
 * Registers `ipcMain.handle('vw:rpc:<channel>')` for every channel of the contract. Messages from
 * anything but our renderer's top frame are rejected (the invoke promise rejects; nothing runs).
 * @returns a function that removes all handlers again
 */
export function bindChannels(opts: BindOptions): () => void {
  const hostSet = new Set<string>(hostChannelNames);
  for (const channel of channelNames) {
    opts.ipcMain.handle(`${RPC_PREFIX}${channel}`, async (event, rawInput: unknown) => {
      if (!opts.isTrusted(senderInfo(event))) {
        throw new Error(`Refused IPC ${channel} from an untrusted sender`);
      }
      if (hostSet.has(channel)) return opts.host[channel as HostChannel](rawInput, event);
      if (Object.prototype.hasOwnProperty.call(backendApi, channel)) {
        const result = await opts.backend.dispatch(channel, rawInput);
        if (channel.startsWith('project.')) opts.onProjectChannel?.(channel);
        return result;
      }
      throw new Error(`No binding for channel ${channel}`);
    });
  }
  return () => {
    for (const channel of channelNames) opts.ipcMain.removeHandler(`${RPC_PREFIX}${channel}`);
  };
}
