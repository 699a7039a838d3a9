// Parser: tokens → expression tree by precedence climbing over the operator table in grammar.ts.

import { assertNever } from '../domain/errors';
import type { BinaryOp, Expr, Span } from './ast';
import { ExprSyntaxError } from './errors';
import { FUNCTIONS, PRECEDENCE, WORD_OPERATORS } from './grammar';
import { tokenize, type Token } from './lexer';
import type { ExprMessageKey, ExprMessageParams } from './messages';

/** Outcome of {@link tryParse}: a tree, or a syntax error with its position. */
export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: { message: string; key: ExprMessageKey; params: ExprMessageParams; span: Span } };

/**
 * Parses an expression in XLSForm syntax (XPath 1.0 subset as used by ODK: `${name}`, `.`, numbers,
 * quoted strings, `or and = != < <= > >= + - * div mod`, unary minus, parentheses, function calls).
 * Unknown functions and wrong argument counts are syntax errors; unknown variable names are not (see check.ts).
 * @param src the expression source
 * @returns the tree; spans index into `src`
 * @throws ExprSyntaxError with the span of the offending text
 */
export function parse(src: string): Expr {
  const p = new Parser(tokenize(src));
  const e = p.expression(0);
  const t = p.peek();
  if (t.kind !== 'eof') {
    throw t.kind === 'rparen' ? new ExprSyntaxError('syntax.unmatchedParen', {}, t.span) : new ExprSyntaxError('syntax.trailing', { token: t.text }, t.span);
  }
  return e;
}

/**
 * Like {@link parse} but never throws for bad input.
 * @param src the expression source
 * @returns `{ok: true, expr}` or `{ok: false, error: {message (English), key, params, span}}`
 */
export function tryParse(src: string): ParseResult {
  try {
    return { ok: true, expr: parse(src) };
  } catch (e) {
    if (e instanceof ExprSyntaxError) return { ok: false, error: { message: e.reason, key: e.key, params: e.params, span: e.span } };
    throw e;
  }
}

function binaryOpOf(t: Token): BinaryOp | undefined {
  if (t.kind === 'op') return t.text as BinaryOp;
  if (t.kind === 'name' && WORD_OPERATORS.has(t.text)) return t.text as BinaryOp;
  return undefined;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.pos] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** Parses operators of binding level `level` and tighter. */
  expression(level: number): Expr {
    const ops = PRECEDENCE[level];
    if (!ops) return this.unary();
    let left = this.expression(level + 1);
    for (;;) {
      const op = binaryOpOf(this.peek());
      if (op === undefined || !ops.includes(op)) return left;
      this.next();
      const right = this.expression(level + 1);
      left = { kind: 'binary', op, left, right, span: { start: left.span.start, end: right.span.end } };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '-') {
      this.next();
      const arg = this.unary();
      return { kind: 'negate', arg, span: { start: t.span.start, end: arg.span.end } };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: Number(t.text), span: t.span };
      case 'string':
        return { kind: 'string', value: t.text, span: t.span };
      case 'ref':
        return { kind: 'ref', name: t.text, span: t.span };
      case 'dot':
        return { kind: 'self', span: t.span };
      case 'lparen': {
        if (this.peek().kind === 'rparen') throw new ExprSyntaxError('syntax.emptyParens', {}, { start: t.span.start, end: this.peek().span.end });
        const inner = this.expression(0);
        const close = this.next();
        if (close.kind !== 'rparen') throw close.kind === 'eof' ? new ExprSyntaxError('syntax.missingParen', {}, t.span) : new ExprSyntaxError('syntax.expectedParen', { found: close.text }, close.span);
        return inner;
      }
      case 'name':
        return this.call(t);
      case 'eof':
        throw new ExprSyntaxError('syntax.endsEarly', {}, t.span);
      case 'rparen':
      case 'comma':
      case 'op':
        throw new ExprSyntaxError('syntax.unexpected', { token: t.text }, t.span);
      default:
        return assertNever(t.kind, 'token');
    }
  }

  private call(name: Token): Expr {
    if (WORD_OPERATORS.has(name.text)) throw new ExprSyntaxError('syntax.unexpected', { token: name.text }, name.span);
    if (this.peek().kind !== 'lparen') {
      throw new ExprSyntaxError('syntax.unknownName', { name: name.text }, name.span);
    }
    const spec = Object.prototype.hasOwnProperty.call(FUNCTIONS, name.text) ? FUNCTIONS[name.text] : undefined;
    if (!spec) throw new ExprSyntaxError('syntax.unknownFunction', { name: name.text }, name.span);
    this.next();
    const args: Expr[] = [];
    if (this.peek().kind !== 'rparen') {
      for (;;) {
        args.push(this.expression(0));
        const sep = this.peek();
        if (sep.kind === 'comma') {
          this.next();
          continue;
        }
        if (sep.kind === 'rparen') break;
        throw sep.kind === 'eof' ? new ExprSyntaxError('syntax.missingArgsParen', { fn: name.text }, sep.span) : new ExprSyntaxError('syntax.expectedCommaOrParen', { found: sep.text }, sep.span);
      }
    }
    const close = this.next();
    const span = { start: name.span.start, end: close.span.end };
    if (args.length < spec.min || (spec.max !== undefined && args.length > spec.max)) {
      const fn = name.text;
      const got = args.length;
      if (spec.max === undefined) throw new ExprSyntaxError('syntax.argCountAtLeast', { fn, min: spec.min, got }, span);
      if (spec.min === spec.max) throw new ExprSyntaxError('syntax.argCountExact', { fn, count: spec.min, got }, span);
      throw new ExprSyntaxError('syntax.argCountRange', { fn, min: spec.min, max: spec.max, got }, span);
    }
    return { kind: 'call', fn: name.text, args, span };
  }
}
