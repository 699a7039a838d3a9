// Formatter: expression tree → canonical source text with the fewest parentheses that keep the tree.

import { assertNever } from '../domain/errors';
import type { Expr } from './ast';
import { LEVEL_OF } from './grammar';

/**
 * Writes a tree back as XLSForm expression text. `parse(format(t))` gives a tree of the same shape as `t`.
 * Strings are quoted with `'` unless they contain one, then with `"`.
 * @param e the tree
 * @returns source text
 * @throws Error if a string contains both quote characters (XPath 1.0 string literals cannot express it)
 */
export function format(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return formatNumber(e.value);
    case 'string':
      if (!e.value.includes("'")) return `'${e.value}'`;
      if (!e.value.includes('"')) return `"${e.value}"`;
      throw new Error('a string containing both quote characters cannot be written');
    case 'ref':
      return `\${${e.name}}`;
    case 'self':
      return '.';
    case 'negate': {
      const inner = format(e.arg);
      return e.arg.kind === 'binary' ? `-(${inner})` : `-${inner}`;
    }
    case 'binary': {
      const level = LEVEL_OF[e.op];
      const l = format(e.left);
      const r = format(e.right);
      const lp = e.left.kind === 'binary' && LEVEL_OF[e.left.op] < level ? `(${l})` : l;
      const rp = e.right.kind === 'binary' && LEVEL_OF[e.right.op] <= level ? `(${r})` : r;
      return `${lp} ${e.op} ${rp}`;
    }
    case 'call':
      return `${e.fn}(${e.args.map(format).join(', ')})`;
    default:
      return assertNever(e, 'expression');
  }
}

function formatNumber(v: number): string {
  const s = String(v);
  if (/^[0-9]+(\.[0-9]+)?$/.test(s)) return s;
  if (Number.isFinite(v) && v >= 0) {
    // Exponent form (1e21, 1e-7): write it out in positional digits.
    const fixed = v < 1 ? v.toFixed(20).replace(/0+$/, '') : BigInt(Math.round(v)).toString();
    return fixed.endsWith('.') ? fixed.slice(0, -1) : fixed;
  }
  throw new Error(`the number ${s} cannot be written as an expression literal`);
}
