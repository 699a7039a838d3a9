// Parser, lexer and formatter: trees, precedence, positioned syntax errors, and fast-check properties.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shapeOf, refsOf, type Expr } from './ast';
import { ExprSyntaxError } from './errors';
import { format } from './format';
import { FUNCTIONS, PRECEDENCE } from './grammar';
import { parse, tryParse } from './parser';

const sx = (src: string): unknown => shapeOf(parse(src));

describe('parse', () => {
  it('reads references, self, numbers and strings', () => {
    expect(sx("${groep} = '1'")).toEqual({ kind: 'binary', op: '=', left: { kind: 'ref', name: 'groep' }, right: { kind: 'string', value: '1' } });
    expect(sx('. >= 1.5')).toEqual({ kind: 'binary', op: '>=', left: { kind: 'self' }, right: { kind: 'number', value: 1.5 } });
    expect(sx('"it\'s"')).toEqual({ kind: 'string', value: "it's" });
  });

  it('follows XPath precedence: or < and < equality < relational < additive < multiplicative < unary minus', () => {
    expect(format(parse('1 + 2 * 3 = 7 and 4 div 2 mod 3 > 1 or not(true())'))).toBe('1 + 2 * 3 = 7 and 4 div 2 mod 3 > 1 or not(true())');
    const t = parse('1 - 2 - 3');
    expect(t.kind === 'binary' && t.left.kind === 'binary').toBe(true); // left-associative
    expect(format(parse('1 - (2 - 3)'))).toBe('1 - (2 - 3)');
    expect(format(parse('(1 + 2) * 3'))).toBe('(1 + 2) * 3');
    expect(sx('-2 * 3')).toEqual({ kind: 'binary', op: '*', left: { kind: 'negate', arg: { kind: 'number', value: 2 } }, right: { kind: 'number', value: 3 } });
    expect(PRECEDENCE[0]).toEqual(['or']);
  });

  it('reads hyphenated function names and minus without spaces', () => {
    expect(sx('count-selected(${m})')).toEqual({ kind: 'call', fn: 'count-selected', args: [{ kind: 'ref', name: 'm' }] });
    expect(sx('string-length(${t})-1')).toEqual({
      kind: 'binary', op: '-', left: { kind: 'call', fn: 'string-length', args: [{ kind: 'ref', name: 't' }] }, right: { kind: 'number', value: 1 },
    });
  });

  it('parses every expression of the Monitor form style', () => {
    for (const src of [
      "if(${functie} = '' or number(${functie}) >= 97, '', if(number(${functie}) < 20, 1, if(number(${functie}) < 30, 2, 4)))",
      "not(selected(., '8') and count-selected(.) > 1)",
      'if((${ag_verbaal} >= 2 and ${ag_verbaal} <= 4), 1, 0) + if((${ag_bedreig} >= 2 and ${ag_bedreig} <= 4), 1, 0)',
      "missing(${x}) or any(8, ${a}, ${b}, ${c})",
      "regex(${mail}, '^[^@]+@[^@]+$') and today() > '2014-01-01'",
      'round(sum(${a}, ${b}) div 3, 2) + int(min(1, 2, 3)) + max(4, 5) + coalesce(${a}, 0)',
    ]) {
      expect(tryParse(src).ok).toBe(true);
    }
  });

  it('lists the references in order', () => {
    expect(refsOf(parse('${a} + ${b} * ${a}')).map((r) => r.name)).toEqual(['a', 'b', 'a']);
  });

  it.each([
    ['${a} = ', 7, 'ends too early'],
    ['${a} == 1', 6, "unexpected '='"],
    ['(${a} = 1', 0, "missing ')'"],
    ['${a} = 1)', 8, "unmatched ')'"],
    ['foo(1)', 0, "unknown function 'foo'"],
    ['groep = 1', 0, 'unknown name'],
    ['not(1, 2)', 0, 'takes 1 argument'],
    ["'abc", 0, 'unterminated string'],
    ['${abc', 0, "unterminated '${'"],
    ['1 # 2', 2, "unexpected character '#'"],
    ['${a b} = 1', 0, 'not a variable reference'],
    ['1 and', 5, 'ends too early'],
    ['and 1', 0, "unexpected 'and'"],
  ])('reports %j as a syntax error at %i', (src, at, msg) => {
    const r = tryParse(src);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.span.start).toBe(at);
      expect(r.error.message).toContain(msg);
    }
    expect(() => parse(src)).toThrow(ExprSyntaxError);
  });
});

// ---- properties

const names = fc.constantFrom('a', 'groep', 'ag_verbaal', 'x1', 'laag_mw');
const fnNames = Object.keys(FUNCTIONS);
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.record({ int: fc.integer({ min: 0, max: 100000 }), frac: fc.option(fc.integer({ min: 0, max: 999 }), { nil: undefined }) }).map(({ int, frac }) => ({
    kind: 'number' as const, value: Number(frac === undefined ? `${int}` : `${int}.${frac}`), span: { start: 0, end: 0 },
  })),
  fc.string({ maxLength: 6 }).filter((s) => !(s.includes("'") && s.includes('"'))).map((value) => ({ kind: 'string' as const, value, span: { start: 0, end: 0 } })),
  names.map((name) => ({ kind: 'ref' as const, name, span: { start: 0, end: 0 } })),
  fc.constant({ kind: 'self' as const, span: { start: 0, end: 0 } }),
);
const ops = PRECEDENCE.flat();
const { tree } = fc.letrec<{ tree: Expr }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ op: fc.constantFrom(...ops), left: tie('tree'), right: tie('tree') }).map(({ op, left, right }) => ({ kind: 'binary' as const, op, left, right, span: { start: 0, end: 0 } })),
    tie('tree').map((arg) => ({ kind: 'negate' as const, arg, span: { start: 0, end: 0 } })),
    fc.record({ fn: fc.constantFrom(...fnNames), args: fc.array(tie('tree'), { maxLength: 4 }) })
      .filter(({ fn, args }) => args.length >= FUNCTIONS[fn]!.min && (FUNCTIONS[fn]!.max === undefined || args.length <= FUNCTIONS[fn]!.max!))
      .map(({ fn, args }) => ({ kind: 'call' as const, fn, args, span: { start: 0, end: 0 } })),
  ),
}));

describe('properties', () => {
  it('format(tree) parses back to the same tree', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(shapeOf(parse(format(t)))).toEqual(shapeOf(t));
      }),
      { numRuns: 400 },
    );
  });

  it('format(parse(x)) re-parses to the same tree for any text that parses', () => {
    const alphabet = fc.constantFrom(...'${}ab_1 .()=!<>+-*,\'"'.split(''), 'and ', 'or ', 'div ', 'mod ', 'not(', 'if(', '${a}', '${b}', "'1'", '12');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 20 }).map((xs) => xs.join('')), (src) => {
        const r = tryParse(src);
        if (r.ok) expect(shapeOf(parse(format(r.expr)))).toEqual(shapeOf(r.expr));
      }),
      { numRuns: 1500 },
    );
  });

  it('the parser returns a tree or a syntax error with a position inside the text, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (src) => {
        try {
          const e = parse(src);
          expect(e.span.start).toBeGreaterThanOrEqual(0);
          expect(e.span.end).toBeLessThanOrEqual(src.length);
        } catch (err) {
          expect(err).toBeInstanceOf(ExprSyntaxError);
          const span = (err as ExprSyntaxError).span;
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.start).toBeLessThanOrEqual(src.length);
          expect(span.end).toBeGreaterThanOrEqual(span.start);
          expect(span.end).toBeLessThanOrEqual(src.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
