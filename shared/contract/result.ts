// The Result envelope and the stable error codes that cross every host (DESIGN.md §3).

/** Stable error codes. Add new ones at the end; never reuse or rename a code. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_CHANNEL',
  'NOT_FOUND',
  'NOT_A_PROJECT',
  'CORRUPT_PROJECT',
  'NEWER_VERSION',
  'PROJECT_IN_USE',
  'NO_PROJECT_OPEN',
  'ALREADY_EXISTS',
  'IO_ERROR',
  'WEIGHTING_INPUT',
  'NOT_CONVERGED',
  'QUESTIONNAIRE_INVALID',
  'EXPRESSION_ERROR',
  'IMPORT_INVALID',
  'CANCELLED',
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A located problem inside an error (e.g. a row and column of an imported file). */
export interface ResultIssue {
  message: string;
  path?: (string | number)[];
  file?: string;
  sheet?: string;
  row?: number;
  column?: string;
  value?: string;
  /** Stable key of a known problem (e.g. "xlsform.folderWithoutSurvey"), for a translated message in the UI; `message` stays the English text. */
  reason?: string;
  /** Values for the reason's message (e.g. { folder, expected }). */
  params?: Record<string, string | number>;
}

/** The error half of the envelope: a code, a one-line message and optional located issues. */
export interface ResultError {
  code: ErrorCode;
  message: string;
  issues?: ResultIssue[];
}

/** `{ ok: true, value }` or `{ ok: false, error }` — every channel answers with this. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps an error as a failed Result. */
export function fail<T = never>(code: ErrorCode, message: string, issues?: ResultIssue[]): Result<T> {
  return issues && issues.length > 0 ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
}
