// Lexer: expression source text → tokens with positions.

import type { Span } from './ast';
import { ExprSyntaxError } from './errors';
import { FUNCTIONS } from './grammar';

/** Token kinds. `name` is a bare word (function name or word operator). */
export type TokenKind = 'number' | 'string' | 'ref' | 'dot' | 'name' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

/** One token: kind, its text (string value without quotes, ref name without `${}`), and where it is. */
export interface Token {
  kind: TokenKind;
  text: string;
  span: Span;
}

const OPS = ['!=', '<=', '>=', '=', '<', '>', '+', '-', '*'];

/**
 * Splits an expression into tokens.
 * @param src expression source (XLSForm syntax)
 * @returns tokens ending with one `eof` token
 * @throws ExprSyntaxError at the first character that starts no token, or an unterminated string or `${`
 */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0') {
      i++;
      continue;
    }
    const start = i;
    if (ch === '$') {
      if (src[i + 1] !== '{') throw new ExprSyntaxError('syntax.braceAfterDollar', {}, { start, end: start + 1 });
      const close = src.indexOf('}', i + 2);
      if (close < 0) throw new ExprSyntaxError('syntax.unterminatedRef', {}, { start, end: n });
      const name = src.slice(i + 2, close).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
        throw new ExprSyntaxError('syntax.badRef', { text: src.slice(i, close + 1) }, { start, end: close + 1 });
      }
      out.push({ kind: 'ref', text: name, span: { start, end: close + 1 } });
      i = close + 1;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = src.indexOf(ch, i + 1);
      if (close < 0) throw new ExprSyntaxError('syntax.unterminatedString', {}, { start, end: n });
      out.push({ kind: 'string', text: src.slice(i + 1, close), span: { start, end: close + 1 } });
      i = close + 1;
      continue;
    }
    if ((ch >= '0' && ch <= '9') || (ch === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      let j = i;
      while (j < n && /[0-9]/.test(src[j]!)) j++;
      if (src[j] === '.') {
        j++;
        while (j < n && /[0-9]/.test(src[j]!)) j++;
      }
      out.push({ kind: 'number', text: src.slice(i, j), span: { start, end: j } });
      i = j;
      continue;
    }
    if (ch === '.') {
      out.push({ kind: 'dot', text: '.', span: { start, end: start + 1 } });
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      // Hyphenated words (count-selected, string-length) only where they name a function; else '-' is minus.
      let k = j;
      while (src[k] === '-' && /[A-Za-z]/.test(src[k + 1] ?? '')) {
        k++;
        while (k < n && /[A-Za-z0-9_]/.test(src[k]!)) k++;
        if (Object.prototype.hasOwnProperty.call(FUNCTIONS, src.slice(i, k))) j = k;
      }
      out.push({ kind: 'name', text: src.slice(i, j), span: { start, end: j } });
      i = j;
      continue;
    }
    if (ch === '(') {
      out.push({ kind: 'lparen', text: ch, span: { start, end: start + 1 } });
      i++;
      continue;
    }
    if (ch === ')') {
      out.push({ kind: 'rparen', text: ch, span: { start, end: start + 1 } });
      i++;
      continue;
    }
    if (ch === ',') {
      out.push({ kind: 'comma', text: ch, span: { start, end: start + 1 } });
      i++;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: 'op', text: op, span: { start, end: start + op.length } });
      i += op.length;
      continue;
    }
    throw new ExprSyntaxError('syntax.unexpectedChar', { char: ch }, { start, end: start + 1 });
  }
  out.push({ kind: 'eof', text: '', span: { start: n, end: n } });
  return out;
}
