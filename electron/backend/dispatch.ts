// dispatch(channel, rawInput): the single entry every host calls — validate, run the handler, wrap the Result.
import { backendApi, hostApi, type BackendChannel } from '../../shared/contract/api';
import { fail, ok, type Result, type ResultIssue } from '../../shared/contract/result';
import { DomainError } from '../../shared/domain/errors';
import type { HandlerContext, Handlers } from './handlerTypes';

function isBackendChannel(name: string): name is BackendChannel {
  return Object.prototype.hasOwnProperty.call(backendApi, name);
}

/**
 * Maps the machine's conditions that are not bugs — a full disk, an I/O failure, a read-only file — to an
 * IO_ERROR with a message the user can act on. SQLite rolls the failed statement's transaction back.
 * @returns the DomainError, or null when `e` is not such a condition
 */
export function storageError(e: unknown, channel: string): DomainError | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const detail = e instanceof Error ? e.message : code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new DomainError('IO_ERROR', `The disk is full (${detail}): ${channel} was not completed and its changes were not saved. Free disk space and try again.`);
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new DomainError('IO_ERROR', `A disk error stopped ${channel} (${detail}); its changes were not saved. Check the disk, then try again.`);
  }
  if (code === 'SQLITE_READONLY' || code === 'EROFS') {
    return new DomainError('IO_ERROR', `The project cannot be written (${detail}): ${channel} was not completed.`);
  }
  return null;
}

/**
 * Runs one backend channel. The raw input is parsed with the channel's zod schema before the handler
 * runs; expected problems come back as `{ ok: false, error }`, never as a thrown error.
 * @param handlers the assembled handler table
 * @param channel the channel name as received (untrusted)
 * @param rawInput the input as received (untrusted JSON)
 * @param ctx the session and progress callback
 * @returns the Result envelope: UNKNOWN_CHANNEL, INVALID_INPUT (with one issue per schema problem),
 *   a DomainError's code, or INTERNAL for a bug (its message only; the stack goes to stderr)
 */
export async function dispatch(handlers: Handlers, channel: string, rawInput: unknown, ctx: HandlerContext): Promise<Result<unknown>> {
  if (!isBackendChannel(channel)) {
    if (Object.prototype.hasOwnProperty.call(hostApi, channel)) return fail('UNKNOWN_CHANNEL', `Channel ${channel} is answered by the host, not the backend.`);
    return fail('UNKNOWN_CHANNEL', `Unknown channel: ${String(channel).slice(0, 100)}`);
  }
  const parsed = backendApi[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issues: ResultIssue[] = parsed.error.issues.map((i) => ({ message: i.message, path: i.path.map((p) => (typeof p === 'number' ? p : String(p))) }));
    return fail('INVALID_INPUT', `Invalid input for ${channel}: ${issues.map((i) => `${i.path?.join('.') || '(input)'}: ${i.message}`).join('; ')}`, issues);
  }
  try {
    const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => unknown;
    const value = await handler(parsed.data, ctx);
    return ok(value);
  } catch (e) {
    if (e instanceof DomainError) return fail(e.code, e.message, [...e.issues]);
    const storage = storageError(e, channel);
    if (storage) return fail(storage.code, storage.message);
    console.error(`[veldwerk] internal error in ${channel}:`, e);
    return fail('INTERNAL', `Internal error in ${channel}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
