// Domain errors: expected problems carried as data with a stable code (DESIGN.md §3).
import type { ErrorCode, ResultIssue } from '../contract/result';

/**
 * An expected problem (bad input, a refused file, a violated rule) with a stable code.
 * Hosts turn it into `{ ok: false, error: { code, message, issues } }`; bugs stay plain Errors.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly ErrorIssue[];

  /**
   * @param code stable error code from `shared/contract/result.ts`
   * @param message one-line human message (shown on stderr by the CLI, in a toast by the UI)
   * @param issues optional list of located problems (file, sheet, row, column, value)
   */
  constructor(code: ErrorCode, message: string, issues: readonly ErrorIssue[] = []) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.issues = issues;
  }
}

/** One located problem in an input (file, sheet, row, column, value) and what is wrong. */
export type ErrorIssue = ResultIssue;

/** Exhaustiveness guard for switches over unions; throws if reached at run time. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(x)}`);
}
