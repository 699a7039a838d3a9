// Expression syntax tree: the parser's output, the formatter's and compiler's input.

import { assertNever } from '../domain/errors';

/** Half-open character range [start, end) in the source text, 0-based. */
export interface Span {
  start: number;
  end: number;
}

/** Binary operators, see the precedence table in grammar.ts. */
export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

/** A node of the expression tree. Parentheses are not kept: the tree is the grouping. */
export type Expr =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'ref'; name: string; span: Span }
  | { kind: 'self'; span: Span }
  | { kind: 'negate'; arg: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'call'; fn: string; args: Expr[]; span: Span };

/** The tree without spans, for comparing two trees structurally (e.g. format → parse round trips). */
export type Shape =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ref'; name: string }
  | { kind: 'self' }
  | { kind: 'negate'; arg: Shape }
  | { kind: 'binary'; op: BinaryOp; left: Shape; right: Shape }
  | { kind: 'call'; fn: string; args: Shape[] };

/**
 * Drops the spans from a tree.
 * @param e a parsed expression
 * @returns the same tree without positions (JSON-safe, comparable with deep equality)
 */
export function shapeOf(e: Expr): Shape {
  switch (e.kind) {
    case 'number':
      return { kind: 'number', value: e.value };
    case 'string':
      return { kind: 'string', value: e.value };
    case 'ref':
      return { kind: 'ref', name: e.name };
    case 'self':
      return { kind: 'self' };
    case 'negate':
      return { kind: 'negate', arg: shapeOf(e.arg) };
    case 'binary':
      return { kind: 'binary', op: e.op, left: shapeOf(e.left), right: shapeOf(e.right) };
    case 'call':
      return { kind: 'call', fn: e.fn, args: e.args.map(shapeOf) };
    default:
      return assertNever(e, 'expression');
  }
}

/**
 * The variable names an expression refers to with `${name}`, in order of first appearance.
 * @param e a parsed expression
 */
export function refsOf(e: Expr): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  const walk = (x: Expr): void => {
    switch (x.kind) {
      case 'ref':
        out.push({ name: x.name, span: x.span });
        return;
      case 'negate':
        walk(x.arg);
        return;
      case 'binary':
        walk(x.left);
        walk(x.right);
        return;
      case 'call':
        x.args.forEach(walk);
        return;
      case 'number':
      case 'string':
      case 'self':
        return;
      default:
        assertNever(x, 'expression');
    }
  };
  walk(e);
  return out;
}
