// ApiError: the renderer-side form of a failed Result envelope ({ ok: false, error }).
import type { ErrorCode, ResultError, ResultIssue } from '../../shared/contract/result';

/** A failed channel call: carries the stable code, the one-line message and any located issues. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly ResultIssue[];
  readonly channel: string;

  /**
   * @param channel the channel that failed, e.g. "project.open"
   * @param error the error half of the envelope as it crossed the host
   */
  constructor(channel: string, error: ResultError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.issues = error.issues ?? [];
    this.channel = channel;
  }
}

/**
 * Turns anything thrown by `invoke` or a UI action into a ResultError for display.
 * ApiErrors keep their code; any other error becomes code INTERNAL with its message.
 */
export function toResultError(err: unknown): ResultError {
  if (err instanceof ApiError) {
    return err.issues.length > 0 ? { code: err.code, message: err.message, issues: [...err.issues] } : { code: err.code, message: err.message };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
