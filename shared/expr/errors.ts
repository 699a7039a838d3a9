// The syntax error of the expression language: a message and the span where it is.

import type { Span } from './ast';

/** A syntax error in an expression, with the position (0-based, half-open) of the offending text. */
export class ExprSyntaxError extends Error {
  readonly span: Span;

  /**
   * @param message what is wrong, in words
   * @param span where in the source text
   */
  constructor(message: string, span: Span) {
    super(`${message} (at ${span.start + 1})`);
    this.name = 'ExprSyntaxError';
    this.span = span;
    this.reason = message;
  }

  /** The message without the position suffix. */
  readonly reason: string;
}
