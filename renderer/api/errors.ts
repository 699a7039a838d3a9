// ApiError: the renderer-side form of a failed Result envelope ({ ok: false, error }).
import i18n from 'i18next';
import type { ErrorCode, ResultError, ResultIssue } from '../../shared/contract/result';
import { localizeError } from './errorText';

/** A failed channel call: carries the stable code, the one-line message and any located issues. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly ResultIssue[];
  readonly channel: string;
  /** The call's number in this page (see `invoke`); a later success of the same channel has a higher one. */
  readonly seq: number;

  /**
   * @param channel the channel that failed, e.g. "project.open"
   * @param error the error half of the envelope as it crossed the host
   * @param seq the call's sequence number (0 when not made by `invoke`)
   */
  constructor(channel: string, error: ResultError, seq = 0) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.issues = error.issues ?? [];
    this.channel = channel;
    this.seq = seq;
  }
}

/** An error as shown on screen; from an ApiError it also names the failed channel and call number. */
export interface ShownError extends ResultError {
  channel?: string;
  seq?: number;
}

/**
 * Turns anything thrown by `invoke` or a UI action into a ResultError for display.
 * ApiErrors keep their code, channel and call number, and get a translated message (UI language) for
 * contract validation problems and known backend reasons (see errorText.ts); any other error becomes
 * code INTERNAL with its message.
 */
export function toResultError(err: unknown): ShownError {
  if (err instanceof ApiError) {
    const raw: ShownError = err.issues.length > 0 ? { code: err.code, message: err.message, issues: [...err.issues] } : { code: err.code, message: err.message };
    const shown = i18n.isInitialized ? localizeError(raw, i18n.t) : raw;
    return { ...shown, channel: err.channel, seq: err.seq };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

/**
 * Translates an error that did not come from a failed call (e.g. a finished job's `error`) the same way
 * `toResultError` does: validation issues and known reasons in the UI language, everything else unchanged.
 * @param error the error as the backend reported it
 */
export function localizeResultError(error: ResultError): ResultError {
  return i18n.isInitialized ? localizeError(error, i18n.t) : error;
}
