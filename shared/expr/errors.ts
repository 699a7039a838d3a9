// The syntax error of the expression language: a stable key with its parameters, the English message, and the span.

import type { Span } from './ast';
import { exprMessage, type ExprMessageKey, type ExprMessageParams } from './messages';

/** A syntax error in an expression, with the position (0-based, half-open) of the offending text. */
export class ExprSyntaxError extends Error {
  readonly span: Span;
  /** The problem's stable key (messages.ts; i18n `expr.<key>` in the renderer). */
  readonly key: ExprMessageKey;
  /** The values of the problem's message. */
  readonly params: ExprMessageParams;
  /** The English message without the position suffix. */
  readonly reason: string;

  /**
   * @param key what is wrong (its English text: messages.ts EXPR_MESSAGES)
   * @param params the values the text names (token, function, counts)
   * @param span where in the source text
   */
  constructor(key: ExprMessageKey, params: ExprMessageParams, span: Span) {
    const reason = exprMessage(key, params);
    super(`${reason} (at ${span.start + 1})`);
    this.name = 'ExprSyntaxError';
    this.span = span;
    this.key = key;
    this.params = params;
    this.reason = reason;
  }
}
