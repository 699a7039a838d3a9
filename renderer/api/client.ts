// The only way the renderer reaches data: typed `invoke(channel, input)` over the active transport.
import { api, type Channel, type Output, type RawInput } from '../../shared/contract/api';
import { ApiError } from './errors';
import { zodIssueToResultIssue } from './errorText';
import type { Transport } from './transport';
import { getBridge, type MenuCommand } from './bridge';
import { createIpcTransport } from './ipcTransport';
import { createHttpTransport, readPageToken } from './httpTransport';

export { ApiError, localizeResultError, toResultError, type ShownError } from './errors';
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

/** What `invoke` reports when a call ends: its channel, its number in this page and whether it succeeded. */
export interface CallSettled {
  channel: string;
  seq: number;
  ok: boolean;
}

let callSeq = 0;
const settledListeners = new Set<(e: CallSettled) => void>();

/**
 * Subscribes to the end of every `invoke` call (e.g. the store clears a failed call's error when the same
 * channel later succeeds). Returns an unsubscribe function.
 */
export function onCallSettled(listener: (e: CallSettled) => void): () => void {
  settledListeners.add(listener);
  return () => settledListeners.delete(listener);
}

function settled(e: CallSettled): void {
  for (const l of settledListeners) l(e);
}

/**
 * Calls a contract channel and resolves with its typed output. The input is first checked against the
 * channel's input schema here, so a too-long reason or a missing field is reported with the zod details
 * (field, limit) that the UI translates (errorText.ts); the raw input is what is sent.
 * @throws ApiError with the envelope's code/message/issues when the host answers `{ ok: false }`,
 *   INVALID_INPUT (issues with reason `input.<zod code>`) when the input does not match the channel's schema,
 *   or code INTERNAL when the output does not match the channel's output schema.
 */
export async function invoke<C extends Channel>(channel: C, input: RawInput<C>): Promise<Output<C>> {
  const seq = ++callSeq;
  const checked = api[channel].input.safeParse(input ?? {});
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => zodIssueToResultIssue(i, input));
    const message = `Invalid input for ${channel}: ${issues.map((i) => `${i.path?.join('.') || '(input)'}: ${i.message}`).join('; ')}`;
    settled({ channel, seq, ok: false });
    throw new ApiError(channel, { code: 'INVALID_INPUT', message, issues }, seq);
  }
  const result = await getTransport().call(channel, input);
  if (!result.ok) {
    settled({ channel, seq, ok: false });
    throw new ApiError(channel, result.error, seq);
  }
  const parsed = api[channel].output.safeParse(result.value);
  if (!parsed.success) {
    settled({ channel, seq, ok: false });
    throw new ApiError(channel, { code: 'INTERNAL', message: `Unexpected answer from ${channel}: ${parsed.error.issues[0]?.message ?? 'invalid'}` }, seq);
  }
  settled({ channel, seq, ok: true });
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
