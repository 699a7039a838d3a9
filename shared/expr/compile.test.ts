// The compiler's specialised closures (slot reads, `and`/`or` chains, `+`/`-` chains, selected() without splitting,
// literal if() branches) against the generic reference closures, on random expressions and random values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryOp, Expr } from './ast';
import { compile, type CompileScope, type EvalEnv } from './compile';
import { format } from './format';
import { parse } from './parser';
import type { Value } from './values';

const at = { start: 0, end: 0 };
const NAMES = ['a', 'b', 'c', 'm', 'd'];
const slots = new Map(NAMES.map((n, i) => [n, i]));
const MISSING = [new Set(['9']), new Set<string>(), new Set(['8', '99']), new Set(['9']), new Set<string>()];
const scope: CompileScope = { slotOf: (n) => slots.get(n), missingOf: (s) => MISSING[s], selfMissing: new Set(['9']) };

/** Values that sit on the edges of the conversions: empty, padded, leading zeros, codes lists, dates, signs, surrogates. */
const value: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom<Value>('', '1', '2', '3', '4', '9', '01', ' 4', '4 ', '1 3', '3 1 9', '9', '99', 'abc', 'één', '😀x', '\ud800', '\ud800\uff01', '2014-06-01', '2014-02-30', '-0', '0', '1e3', '0.5', '.5', '12345678901234567', 'true'),
  fc.constantFrom<Value>(0, -0, 1, 2, 4, 9, 2.5, -3, NaN, Infinity, true, false),
  // Numbers as text, also padded, with leading zeros or a sign: equal as numbers, different as text.
  fc.tuple(fc.constantFrom('', '', '0', ' ', '+'), fc.integer({ min: -2, max: 10 })).map(([pre, n]) => pre + String(n)),
);
const strLit = fc.constantFrom('', '1', '2', '4', '9', '01', ' 4', '1 3', 'abc', '2014-06-01', '-0', '0.5', '3 ');
const numLit = fc.constantFrom(0, 1, 2, 4, 9, 40, 0.5, 1e3);

const ref = fc.constantFrom(...NAMES).map((name): Expr => ({ kind: 'ref', name, span: at }));
const lit = fc.oneof(strLit.map((value): Expr => ({ kind: 'string', value, span: at })), numLit.map((value): Expr => ({ kind: 'number', value, span: at })));
const self: fc.Arbitrary<Expr> = fc.constant({ kind: 'self', span: at });
const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args, span: at });
const bin = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right, span: at });
const CMP: BinaryOp[] = ['=', '!=', '<', '<=', '>', '>='];
/** The shapes the compiler specialises: `${x} op literal` and `selected(${x}, 'c')`. */
const leaf: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(fc.constantFrom(...CMP), ref, lit).map(([op, l, r]) => bin(op, l, r)),
  fc.tuple(ref, strLit).map(([r, c]) => call('selected', r, { kind: 'string', value: c, span: at })),
  ref,
  lit,
  self,
);

const { tree } = fc.letrec<{ tree: Expr }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    // `and`/`or` chains of the specialised shapes (each term tested in the chain's own closure).
    fc.tuple(fc.constantFrom<BinaryOp>('and', 'or'), fc.array(leaf, { minLength: 2, maxLength: 4 })).map(([op, xs]) => xs.reduce((acc, x) => bin(op, acc, x))),
    fc.tuple(fc.constantFrom<BinaryOp>('and', 'or', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', 'div', 'mod'), tie('tree'), tie('tree')).map(([op, l, r]) => bin(op, l, r)),
    fc.array(tie('tree'), { minLength: 2, maxLength: 5 }).chain((xs) => fc.constantFrom<BinaryOp>('and', 'or', '+', '-').map((op) => xs.reduce((acc, x) => bin(op, acc, x)))),
    fc.tuple(tie('tree'), tie('tree'), tie('tree')).map(([c, t, f]) => call('if', c, t, f)),
    fc.tuple(fc.constantFrom('sum', 'min', 'max', 'any'), fc.array(fc.oneof(ref, tie('tree')), { minLength: 1, maxLength: 4 })).map(([fn, xs]) => call(fn, ...xs)),
    fc.tuple(fc.constantFrom('not', 'count-selected', 'string-length', 'number', 'int', 'missing', 'round'), fc.oneof(ref, self, tie('tree'))).map(([fn, x]) => call(fn, x)),
    fc.tuple(fc.oneof(ref, tie('tree')), tie('tree')).map(([x, y]) => call('coalesce', x, y)),
    fc.tuple(fc.oneof(ref, tie('tree')), tie('tree')).map(([x, y]) => call('selected', x, y)),
    tie('tree').map((x): Expr => ({ kind: 'negate', arg: x, span: at })),
  ),
}));

const env = fc.record({
  values: fc.array(value, { minLength: NAMES.length, maxLength: NAMES.length }),
  self: value,
  today: fc.constantFrom('', '2014-06-01'),
});

/** Same result: Object.is, so NaN equals NaN and 0 differs from -0. */
function same(e: Expr, envs: EvalEnv[]): void {
  const fast = compile(e, scope);
  const generic = compile(e, scope, { generic: true });
  for (const x of envs) {
    const want = generic(x);
    const got = fast(x);
    if (!Object.is(got, want)) expect({ expr: format(e), values: x.values, self: x.self, got }).toEqual({ expr: format(e), values: x.values, self: x.self, got: want });
  }
}

describe('specialised closures give what the generic closures give', () => {
  it('on random expressions and values (NaN, -0, types and all)', () => {
    fc.assert(
      fc.property(tree, fc.array(env, { minLength: 1, maxLength: 8 }), (e, envs) => same(e, envs)),
      { numRuns: 3000, seed: 20141204 },
    );
  });

  it('on the routing and edit-rule shapes of the Monitor, over every value of the pool', () => {
    const shapes = [
      "${a} = '1'", "${a} != '1'", '${a} = 1', '${a} != 0', '${a} > 40', '${a} >= 2 and ${a} <= 4', "${a} = '' and ${b} = '1'",
      "${a} = '1' or ${a} = '2' or ${b} = '4'", "${a} = 1 and ${b} != 4", "${a} != 1 or ${b} = 4", '${a} > 0.5 and ${a} <= 40 or ${a} < 2 and ${a} >= 1',
      "${a} != '1' and ${b} != '' and selected(${m}, '3')", "selected(${m}, '3')", "selected(${m}, ' 3 ')", "selected(${m}, '1 3')", "selected(${m}, '')",
      "if(${a} = '1', ${b} + ${c}, '')", "if((${a} >= 2 and ${a} <= 4), 1, 0) + if(${b} = '1', 1, 0) - ${c}", 'sum(${a}, ${b}, ${c})',
      "missing(${a}) and ${b} = '1'", 'coalesce(${a}, 0) * 2 > ${b} + 70', 'string-length(${d}) > 1', '${a} * 2', '3 < ${a}', '${a} - ${b} - ${c}',
    ];
    const pool: Value[] = ['', '1', '2', '3', '4', '9', '01', ' 4', '1 3', '3 1', '40', '41', '-0', '😀x', '\ud800\uff01', 'abc', 0, -0, 1, 4, 41, NaN, true, false];
    const envs: EvalEnv[] = [];
    for (const v of pool) for (const w of ['', '1', 4, '3 1']) envs.push({ values: [v, w, v, v, v], self: v, today: '' });
    for (const src of shapes) same(parse(src), envs);
  });
});
