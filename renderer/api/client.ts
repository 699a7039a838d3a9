// The only way the renderer reaches data: typed `invoke(channel, input)` over the active transport.
import { api, type Channel, type Output, type RawInput } from '../../shared/contract/api';
import { ApiError } from './errors';
import type { Transport } from './transport';
import { getBridge, type MenuCommand } from './bridge';
import { createIpcTransport } from './ipcTransport';
import { createHttpTransport, readPageToken } from './httpTransport';

export { ApiError, toResultError } from './errors';
export type { MenuCommand } from './bridge';

let transport: Transport | null = null;

/** Picks the transport for this page: the preload bridge in Electron, the HTTP host otherwise. */
export function detectTransport(): Transport {
  const bridge = getBridge();
  return bridge ? createIpcTransport(bridge) : createHttpTransport({ token: readPageToken() });
}

/** Replaces the active transport (tests, or a host that wants a custom one). */
export function setTransport(t: Transport): void {
  transport = t;
}

/** The active transport, detecting it on first use. */
export function getTransport(): Transport {
  transport ??= detectTransport();
  return transport;
}

/**
 * Calls a contract channel and resolves with its typed output.
 * @throws ApiError with the envelope's code/message/issues when the host answers `{ ok: false }`,
 *   or code INTERNAL when the output does not match the channel's output schema.
 */
export async function invoke<C extends Channel>(channel: C, input: RawInput<C>): Promise<Output<C>> {
  const result = await getTransport().call(channel, input);
  if (!result.ok) throw new ApiError(channel, result.error);
  const parsed = api[channel].output.safeParse(result.value);
  if (!parsed.success) {
    throw new ApiError(channel, { code: 'INTERNAL', message: `Unexpected answer from ${channel}: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
  }
  return parsed.data as Output<C>;
}

/**
 * Subscribes to native File-menu commands. Only Electron has a native menu; in a browser this
 * is a no-op. Returns an unsubscribe function.
 */
export function onMenuCommand(listener: (cmd: MenuCommand) => void): () => void {
  const bridge = getBridge();
  return bridge ? bridge.onMenuCommand(listener) : () => undefined;
}

/** True when dialog.* channels are answered by the in-page picker (browser) rather than natively. */
export function usesPagePicker(): boolean {
  return getTransport().kind === 'http';
}
