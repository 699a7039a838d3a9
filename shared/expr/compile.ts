// Compiler: expression tree → a closure over slot-indexed values. No eval, no new Function.

import { DomainError, assertNever } from '../domain/errors';
import type { Expr } from './ast';
import { codesOf, isEmpty, toBool, toNumber, toStr, valuesEqual, type Value } from './values';

/** What a compiled expression reads when it runs. */
export interface EvalEnv {
  /** Current values by slot (see {@link CompileScope.slotOf}); `''` = system-missing. */
  readonly values: readonly Value[];
  /** The value `.` stands for (the variable being checked). */
  readonly self: Value;
  /** The date `today()` returns, "YYYY-MM-DD": the caller's clock, injected so evaluation stays pure. */
  readonly today: string;
}

/** How names resolve at compile time. */
export interface CompileScope {
  /** Slot of a variable in {@link EvalEnv.values}, or undefined if there is no such variable. */
  slotOf(name: string): number | undefined;
  /** User-missing codes of the variable in a slot (for `missing()`). */
  missingOf?(slot: number): ReadonlySet<string> | undefined;
  /** User-missing codes of the variable `.` stands for. */
  selfMissing?: ReadonlySet<string>;
}

/** A compiled expression. */
export type Evaluator = (env: EvalEnv) => Value;

const NO_CODES: ReadonlySet<string> = new Set();

/**
 * {@link toNumber} with a fast path for text of up to 15 plain digits (the usual stored answer): the same number,
 * without trimming and matching the number pattern. Exact: such text is an integer below 2^53.
 */
function num(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const len = v.length;
    if (len === 0 || len > 15) return toNumber(v);
    let x = 0;
    for (let i = 0; i < len; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return toNumber(v);
      x = x * 10 + d;
    }
    return x;
  }
  return toNumber(v);
}

/** {@link valuesEqual} with the string–string case first and {@link num} for numeric comparison: the same result. */
function eq(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return valuesEqual(a, b);
  if (isEmpty(a) && isEmpty(b)) return true;
  return num(a) === num(b);
}

/**
 * A comparison of one variable with a text literal, `${x} = 'lit'` or `${x} != 'lit'` (routing's usual shape), as
 * data for a caller that evaluates it inline rather than through a closure: the slot of `x`, the literal and whether
 * the test is negated. Undefined for any other expression or an unknown variable.
 */
export function slotTextComparison(e: Expr, scope: CompileScope): { slot: number; text: string; negated: boolean } | undefined {
  if (e.kind !== 'binary' || (e.op !== '=' && e.op !== '!=') || e.left.kind !== 'ref' || e.right.kind !== 'string') return undefined;
  const slot = scope.slotOf(e.left.name);
  return slot === undefined ? undefined : { slot, text: e.right.value, negated: e.op === '!=' };
}

/**
 * Whether `v` equals the text `text` as the compiled `=` does (a string compares as text, any other value by the
 * rules of {@link valuesEqual}): the inline form of {@link slotTextComparison}.
 */
export function equalsText(v: Value, text: string): boolean {
  return typeof v === 'string' ? v === text : eq(v, text);
}

/** True if `v` is system-missing or one of the user-missing `codes` (a multiple answer counts only if it is that code alone). */
export function isMissingValue(v: Value, codes: ReadonlySet<string>): boolean {
  if (isEmpty(v)) return true;
  if (codes.size === 0) return false;
  return codes.has(toStr(v).trim());
}

/** Options for {@link compile}. */
export interface CompileOptions {
  /**
   * Build the plain closure tree (one closure per node, the conversions of values.ts) without the specialised
   * closures for common shapes. Same results, slower; the reference the specialised closures are tested against.
   */
  readonly generic?: boolean;
}

/**
 * Compiles a tree to a closure. Semantics: XPath 1.0 conversions as in ODK (values.ts), plus the missing-value
 * rules of README.md. Evaluating never throws for data problems: bad input yields `''`/NaN/false.
 * Common shapes get specialised closures (slots resolved here, literals converted here, `and`/`or` chains of
 * comparisons tested in one closure without calls, `selected()` without splitting); `opts.generic` turns that off.
 * @param e parsed expression (from parse())
 * @param scope name resolution; every `${name}` must resolve
 * @param opts `generic`: the reference closures only
 * @returns a function of the evaluation environment
 * @throws DomainError EXPRESSION_ERROR listing every unknown `${name}`
 */
export function compile(e: Expr, scope: CompileScope, opts: CompileOptions = {}): Evaluator {
  const unknown: string[] = [];
  const fn = opts.generic === true ? buildGeneric(e, scope, unknown) : build(e, scope, unknown);
  if (unknown.length > 0) {
    throw new DomainError(
      'EXPRESSION_ERROR',
      `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `\${${n}}`).join(', ')}`,
      unknown.map((n) => ({ message: `unknown variable \${${n}}`, value: n })),
    );
  }
  return fn;
}

/** The slot a `${name}` reads, recording an unknown name. */
function slotFor(name: string, scope: CompileScope, unknown: string[]): number | undefined {
  const slot = scope.slotOf(name);
  if (slot === undefined && !unknown.includes(name)) unknown.push(name);
  return slot;
}

/** User-missing codes `missing(x)` uses for its argument node. */
function missingCodes(node: Expr | undefined, scope: CompileScope): ReadonlySet<string> {
  if (node?.kind === 'ref') {
    const slot = scope.slotOf(node.name);
    return (slot !== undefined ? scope.missingOf?.(slot) : undefined) ?? NO_CODES;
  }
  if (node?.kind === 'self') return scope.selfMissing ?? NO_CODES;
  return NO_CODES;
}

/** Number of code points of a string, as `[...s].length` counts them (a lone surrogate counts as one). */
function codePoints(s: string): number {
  const len = s.length;
  let n = len;
  for (let i = 0; i < len - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** True if `s` holds no character that `\s` matches (so it can only ever be one code of a multiple answer). */
const HAS_SPACE = /\s/;

/**
 * `selected(v, code)` for a literal code: true if the code is one of the space-separated codes of `v`, without
 * splitting (the same result as `codesOf(v).includes(code.trim())`). Undefined when the code is '' or holds
 * spaces (then it is never selected).
 */
function selectedTest(code: string): ((v: Value) => boolean) | undefined {
  const c = code.trim();
  if (c === '' || HAS_SPACE.test(c)) return undefined;
  const esc = c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const re = new RegExp(`(?:^|\\s)${esc}(?:\\s|$)`);
  return (v) => {
    const s = typeof v === 'string' ? v : toStr(v);
    return s === c || re.test(s);
  };
}

// Leaf tests of a flattened `and`/`or` chain: `${x} op literal`, `selected(${x}, 'c')`, or any other term (a call).
const T_EQ_STR = 0;
const T_NE_STR = 1;
const T_EQ_NUM = 2;
const T_NE_NUM = 3;
const T_LT = 4;
const T_LE = 5;
const T_GT = 6;
const T_GE = 7;
const T_SEL = 8;
const T_FN = 9;

interface Leaf {
  kind: number;
  slot: number;
  str: string;
  num: number;
  fn: Evaluator | undefined;
  sel: ((v: Value) => boolean) | undefined;
}

/** A leaf test of a chain term: the operator folded into `kind`, the slot, the literal as text and as number. */
function leafOf(e: Expr, scope: CompileScope, unknown: string[]): Leaf {
  const other = (): Leaf => ({ kind: T_FN, slot: -1, str: '', num: NaN, fn: build(e, scope, unknown), sel: undefined });
  if (e.kind === 'binary' && e.left.kind === 'ref' && (e.right.kind === 'number' || e.right.kind === 'string')) {
    const slot = scope.slotOf(e.left.name);
    if (slot === undefined) return other();
    const lit = e.right.value;
    const str = typeof lit === 'string';
    const n = num(lit);
    const mk = (kind: number): Leaf => ({ kind, slot, str: str ? lit : '', num: n, fn: undefined, sel: undefined });
    switch (e.op) {
      case '=':
        return mk(str ? T_EQ_STR : T_EQ_NUM);
      case '!=':
        return mk(str ? T_NE_STR : T_NE_NUM);
      case '<':
        return mk(T_LT);
      case '<=':
        return mk(T_LE);
      case '>':
        return mk(T_GT);
      case '>=':
        return mk(T_GE);
      default:
        return other();
    }
  }
  if (e.kind === 'call' && e.fn === 'selected' && e.args[0]?.kind === 'ref' && e.args[1]?.kind === 'string') {
    const slot = scope.slotOf(e.args[0].name);
    const sel = selectedTest(e.args[1].value);
    if (slot !== undefined) return { kind: sel ? T_SEL : T_FN, slot, str: '', num: NaN, fn: sel ? undefined : () => false, sel };
  }
  return other();
}

/**
 * One leaf test as a boolean (called from a single place, so V8 inlines it into the chain's loop).
 * `=`/`!=` with a text literal: two strings compare exactly, anything else by {@link eq}; with a number literal
 * (never NaN) a text compares as its number; order comparisons as numbers.
 */
function testLeaf(kind: number, v: Value, str: string, n: number, l: Leaf, env: EvalEnv): boolean {
  switch (kind) {
    case T_EQ_STR:
      return typeof v === 'string' ? v === str : eq(v, str);
    case T_NE_STR:
      return typeof v === 'string' ? v !== str : !eq(v, str);
    case T_EQ_NUM:
      return typeof v === 'string' ? num(v) === n : eq(v, n);
    case T_NE_NUM:
      return typeof v === 'string' ? num(v) !== n : !eq(v, n);
    case T_LT:
      return num(v) < n;
    case T_LE:
      return num(v) <= n;
    case T_GT:
      return num(v) > n;
    case T_GE:
      return num(v) >= n;
    case T_SEL:
      return l.sel!(v);
    default:
      return toBool(l.fn!(env));
  }
}

/** The terms of a left- or right-nested chain of one operator (`a and b and c` → [a, b, c]). */
function chainTerms(e: Expr, op: 'and' | 'or', out: Expr[]): Expr[] {
  if (e.kind === 'binary' && e.op === op) {
    chainTerms(e.left, op, out);
    chainTerms(e.right, op, out);
  } else out.push(e);
  return out;
}

/** An `and` (all true) or `or` (one true) chain evaluated in one closure: each term a leaf test, in order, short-circuiting. */
function buildChain(e: Expr, op: 'and' | 'or', scope: CompileScope, unknown: string[]): Evaluator {
  const leaves = chainTerms(e, op, []).map((t) => leafOf(t, scope, unknown));
  const count = leaves.length;
  const kinds = Int32Array.from(leaves, (l) => l.kind);
  const slots = Int32Array.from(leaves, (l) => l.slot);
  const strs = leaves.map((l) => l.str);
  const nums = Float64Array.from(leaves, (l) => l.num);
  // `and` stops at the first false term (result false), `or` at the first true one (result true).
  const stopOn = op === 'or';
  return (env) => {
    const values = env.values;
    for (let i = 0; i < count; i++) {
      const slot = slots[i]!;
      const v = slot < 0 ? '' : (values[slot] ?? '');
      if (testLeaf(kinds[i]!, v, strs[i]!, nums[i]!, leaves[i]!, env) === stopOn) return stopOn;
    }
    return !stopOn;
  };
}

/** A numeric operand: a slot read, a literal (as its number), or a closure. */
type Operand = { k: 'slot'; slot: number } | { k: 'lit'; lit: number } | { k: 'fn'; fn: Evaluator };

function numOperand(x: Expr, scope: CompileScope, unknown: string[]): Operand {
  if (x.kind === 'ref') {
    const slot = slotFor(x.name, scope, unknown);
    if (slot !== undefined) return { k: 'slot', slot };
  }
  if (x.kind === 'number' || x.kind === 'string') return { k: 'lit', lit: num(x.value) };
  return { k: 'fn', fn: build(x, scope, unknown) };
}

function build(e: Expr, scope: CompileScope, unknown: string[]): Evaluator {
  const sub = (x: Expr): Evaluator => build(x, scope, unknown);
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'self':
    case 'ref':
      return buildLeaf(e, scope, unknown);
    case 'negate': {
      const a = sub(e.arg);
      return (env) => -num(a(env));
    }
    case 'binary': {
      if (e.op === 'and' || e.op === 'or') return buildChain(e, e.op, scope, unknown);
      // A literal on the right (`${x} > 40`, `${x} = '1'`) is read once here, not called per evaluation.
      const lit = e.right.kind === 'number' || e.right.kind === 'string' ? e.right.value : undefined;
      if (lit !== undefined) {
        const c = lit;
        const cn = num(c);
        // `${x} = '1'` (routing's usual shape): read the slot here rather than through the ref's closure.
        const slot = e.left.kind === 'ref' ? scope.slotOf(e.left.name) : undefined;
        if (slot !== undefined) {
          const str = typeof c === 'string';
          switch (e.op) {
            case '=':
              return str
                ? (env) => {
                    const v = env.values[slot] ?? '';
                    return typeof v === 'string' ? v === c : eq(v, c);
                  }
                : (env) => {
                    const v = env.values[slot] ?? '';
                    return typeof v === 'string' ? num(v) === cn : eq(v, c);
                  };
            case '!=':
              return str
                ? (env) => {
                    const v = env.values[slot] ?? '';
                    return typeof v === 'string' ? v !== c : !eq(v, c);
                  }
                : (env) => {
                    const v = env.values[slot] ?? '';
                    return typeof v === 'string' ? num(v) !== cn : !eq(v, c);
                  };
            case '<':
              return (env) => num(env.values[slot] ?? '') < cn;
            case '<=':
              return (env) => num(env.values[slot] ?? '') <= cn;
            case '>':
              return (env) => num(env.values[slot] ?? '') > cn;
            case '>=':
              return (env) => num(env.values[slot] ?? '') >= cn;
            default:
              break;
          }
        }
      }
      if (e.op === '+' || e.op === '-') return buildSum(e, scope, unknown);
      if (e.op === '*' || e.op === '>' || e.op === '<' || e.op === '>=' || e.op === '<=') {
        const fast = buildNumeric(e.op, e.left, e.right, scope, unknown);
        if (fast) return fast;
      }
      const l = sub(e.left);
      const r = sub(e.right);
      if (lit !== undefined) {
        const c = lit;
        const cn = num(c);
        switch (e.op) {
          case '=':
            return (env) => eq(l(env), c);
          case '!=':
            return (env) => !eq(l(env), c);
          case '<':
            return (env) => num(l(env)) < cn;
          case '<=':
            return (env) => num(l(env)) <= cn;
          case '>':
            return (env) => num(l(env)) > cn;
          case '>=':
            return (env) => num(l(env)) >= cn;
          default:
            break;
        }
      }
      switch (e.op) {
        case '=':
          return (env) => eq(l(env), r(env));
        case '!=':
          return (env) => !eq(l(env), r(env));
        case '<':
          return (env) => num(l(env)) < num(r(env));
        case '<=':
          return (env) => num(l(env)) <= num(r(env));
        case '>':
          return (env) => num(l(env)) > num(r(env));
        case '>=':
          return (env) => num(l(env)) >= num(r(env));
        case '*':
          return (env) => num(l(env)) * num(r(env));
        case 'div':
          return (env) => num(l(env)) / num(r(env));
        case 'mod':
          return (env) => num(l(env)) % num(r(env));
        default:
          return assertNever(e.op, 'operator');
      }
    }
    case 'call':
      return buildCall(e.fn, e.args, scope, unknown);
    default:
      return assertNever(e, 'expression');
  }
}

/**
 * A chain of `+` and `-` (`if(…) + if(…) + …`, `${a} + ${b}`) in one closure: the same additions in the same order
 * as the left-nested tree (so the same floating-point result), slots and literals read without a call.
 */
function buildSum(e: Expr, scope: CompileScope, unknown: string[]): Evaluator {
  const terms: Expr[] = [];
  const minus: boolean[] = [];
  let x = e;
  while (x.kind === 'binary' && (x.op === '+' || x.op === '-')) {
    terms.push(x.right);
    minus.push(x.op === '-');
    x = x.left;
  }
  terms.push(x);
  minus.push(false);
  terms.reverse();
  minus.reverse();
  const ops = terms.map((t) => numOperand(t, scope, unknown));
  const count = ops.length;
  const kinds = Int32Array.from(ops, (o) => (o.k === 'slot' ? 0 : o.k === 'lit' ? 1 : 2));
  const slots = Int32Array.from(ops, (o) => (o.k === 'slot' ? o.slot : -1));
  const lits = Float64Array.from(ops, (o) => (o.k === 'lit' ? o.lit : NaN));
  const fns = ops.map((o) => (o.k === 'fn' ? o.fn : undefined));
  const neg = Uint8Array.from(minus, (m) => (m ? 1 : 0));
  const term = (i: number, env: EvalEnv): number => {
    const k = kinds[i]!;
    return k === 0 ? num(env.values[slots[i]!] ?? '') : k === 1 ? lits[i]! : num(fns[i]!(env));
  };
  return (env) => {
    let acc = term(0, env);
    for (let i = 1; i < count; i++) {
      const y = term(i, env);
      acc = neg[i] === 1 ? acc - y : acc + y;
    }
    return acc;
  };
}

const OP_MUL = 2;
const OP_GT = 3;
const OP_LT = 4;
const OP_GE = 5;
const OP_LE = 6;

/** `a op b` over two numbers (op one of the OP_ codes). */
function arith(op: number, a: number, b: number): number | boolean {
  switch (op) {
    case OP_MUL:
      return a * b;
    case OP_GT:
      return a > b;
    case OP_LT:
      return a < b;
    case OP_GE:
      return a >= b;
    default:
      return a <= b;
  }
}

/**
 * `* > < >= <=` with a slot read on one side or both (`${a} * 2`, `x > ${b} + 70`): the slots
 * are read in the closure, not through a ref's closure. Undefined when neither side is a known slot.
 */
function buildNumeric(o: '*' | '>' | '<' | '>=' | '<=', left: Expr, right: Expr, scope: CompileScope, unknown: string[]): Evaluator | undefined {
  const slotOfRef = (x: Expr): number | undefined => (x.kind === 'ref' ? scope.slotOf(x.name) : undefined);
  if (slotOfRef(left) === undefined && slotOfRef(right) === undefined) return undefined;
  const op = { '*': OP_MUL, '>': OP_GT, '<': OP_LT, '>=': OP_GE, '<=': OP_LE }[o];
  const a = numOperand(left, scope, unknown);
  const b = numOperand(right, scope, unknown);
  if (a.k === 'slot') {
    const sa = a.slot;
    if (b.k === 'slot') {
      const sb = b.slot;
      return (env) => arith(op, num(env.values[sa] ?? ''), num(env.values[sb] ?? ''));
    }
    if (b.k === 'lit') {
      const k = b.lit;
      return (env) => arith(op, num(env.values[sa] ?? ''), k);
    }
    const fb = b.fn;
    return (env) => arith(op, num(env.values[sa] ?? ''), num(fb(env)));
  }
  if (b.k !== 'slot') return undefined;
  const sb = b.slot;
  if (a.k === 'lit') {
    const k = a.lit;
    return (env) => arith(op, k, num(env.values[sb] ?? ''));
  }
  const fa = a.fn;
  return (env) => arith(op, num(fa(env)), num(env.values[sb] ?? ''));
}

function buildCall(fn: string, argNodes: Expr[], scope: CompileScope, unknown: string[]): Evaluator {
  const sub = (x: Expr): Evaluator => build(x, scope, unknown);
  const refSlots = argNodes.every((x) => x.kind === 'ref') ? argNodes.map((x) => slotFor((x as { name: string }).name, scope, unknown)) : undefined;
  const allSlots = refSlots !== undefined && refSlots.every((s) => s !== undefined) ? Int32Array.from(refSlots as number[]) : undefined;
  switch (fn) {
    case 'selected': {
      // `selected(${m}, '3')`: the code is fixed, so the answer is scanned, not split.
      const n0 = argNodes[0];
      const n1 = argNodes[1];
      if (n0 !== undefined && n1?.kind === 'string') {
        const test = selectedTest(n1.value);
        const slot = n0.kind === 'ref' ? slotFor(n0.name, scope, unknown) : undefined;
        if (slot !== undefined) return test ? (env) => test(env.values[slot] ?? '') : () => false;
        const a0 = sub(n0);
        return test ? (env) => test(a0(env)) : () => false;
      }
      break;
    }
    case 'sum':
      if (allSlots !== undefined) {
        const count = allSlots.length;
        return (env) => {
          const values = env.values;
          let s = 0;
          for (let i = 0; i < count; i++) {
            const v = values[allSlots[i]!] ?? '';
            if (!isEmpty(v)) s += num(v);
          }
          return s;
        };
      }
      break;
    case 'missing':
      if (allSlots !== undefined && allSlots.length === 1) {
        const slot = allSlots[0]!;
        const codes = missingCodes(argNodes[0], scope);
        return (env) => isMissingValue(env.values[slot] ?? '', codes);
      }
      break;
    case 'if': {
      const c = argNodes[0]!;
      const cond = c.kind === 'binary' && (c.op === 'and' || c.op === 'or') ? buildChain(c, c.op, scope, unknown) : sub(c);
      const branch = (x: Expr | undefined): Evaluator | Value => (x === undefined ? '' : x.kind === 'number' || x.kind === 'string' ? x.value : sub(x));
      const t = branch(argNodes[1]);
      const f = branch(argNodes[2]);
      if (typeof t !== 'function' && typeof f === 'function') return (env) => (toBool(cond(env)) ? t : f(env));
      if (typeof t === 'function' && typeof f !== 'function') return (env) => (toBool(cond(env)) ? t(env) : f);
      if (typeof t !== 'function' && typeof f !== 'function') return (env) => (toBool(cond(env)) ? t : f);
      const tf = t as Evaluator;
      const ff = f as Evaluator;
      return (env) => (toBool(cond(env)) ? tf(env) : ff(env));
    }
    default:
      break;
  }
  // A ref argument already resolved above must not be reported twice: slotFor records each name once.
  const args = argNodes.map(sub);
  const a0 = args[0] ?? (() => '');
  const a1 = args[1] ?? (() => '');
  const a2 = args[2] ?? (() => '');
  switch (fn) {
    case 'true':
      return () => true;
    case 'false':
      return () => false;
    case 'not':
      return (env) => !toBool(a0(env));
    case 'selected':
      return (env) => codesOf(a0(env)).includes(toStr(a1(env)).trim());
    case 'count-selected':
      return (env) => codesOf(a0(env)).length;
    case 'if':
      return (env) => (toBool(a0(env)) ? a1(env) : a2(env));
    case 'coalesce':
      return (env) => {
        const v = a0(env);
        return isEmpty(v) ? a1(env) : v;
      };
    case 'string-length':
      return (env) => codePoints(toStr(a0(env)));
    case 'regex': {
      const lit = argNodes[1]?.kind === 'string' ? argNodes[1].value : undefined;
      const fixed = lit !== undefined ? safeRegExp(lit) : undefined;
      return (env) => {
        const re = fixed ?? safeRegExp(toStr(a1(env)));
        return re ? re.test(toStr(a0(env))) : false;
      };
    }
    case 'number':
      return (env) => num(a0(env));
    case 'int':
      return (env) => Math.trunc(num(a0(env)));
    case 'round':
      return (env) => roundHalfAway(toNumber(a0(env)), args.length > 1 ? toNumber(a1(env)) : 0);
    case 'today':
      return (env) => env.today;
    case 'sum':
      return (env) => {
        let s = 0;
        for (const a of args) {
          const v = a(env);
          if (!isEmpty(v)) s += num(v);
        }
        return s;
      };
    case 'min':
    case 'max': {
      const isMin = fn === 'min';
      return (env) => {
        let best = NaN;
        for (const a of args) {
          const v = a(env);
          if (isEmpty(v)) continue;
          const x = num(v);
          if (Number.isNaN(x)) return NaN;
          if (Number.isNaN(best) || (isMin ? x < best : x > best)) best = x;
        }
        return best;
      };
    }
    case 'missing': {
      const codes = missingCodes(argNodes[0], scope);
      return (env) => isMissingValue(a0(env), codes);
    }
    case 'any': {
      const rest = args.slice(1);
      return (env) => {
        const target = a0(env);
        for (const a of rest) if (eq(a(env), target)) return true;
        return false;
      };
    }
    default:
      throw new Error(`function ${fn}() has no implementation`);
  }
}

/** The closure of a leaf (a literal, `.` or a variable reference; an unknown name reads as empty), shared by both compilers. */
function buildLeaf(e: Extract<Expr, { kind: 'number' | 'string' | 'self' | 'ref' }>, scope: CompileScope, unknown: string[]): Evaluator {
  switch (e.kind) {
    case 'number':
    case 'string': {
      const v = e.value;
      return () => v;
    }
    case 'self':
      return (env) => env.self;
    case 'ref': {
      const slot = slotFor(e.name, scope, unknown);
      if (slot === undefined) return () => '';
      return (env) => env.values[slot] ?? '';
    }
  }
}

/**
 * The reference compiler: one closure per node, every conversion through values.ts (valuesEqual, toNumber, toBool,
 * codesOf). Slow but plain; {@link build} must give the same result for every expression and value.
 */
function buildGeneric(e: Expr, scope: CompileScope, unknown: string[]): Evaluator {
  const sub = (x: Expr): Evaluator => buildGeneric(x, scope, unknown);
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'self':
    case 'ref':
      return buildLeaf(e, scope, unknown);
    case 'negate': {
      const a = sub(e.arg);
      return (env) => -toNumber(a(env));
    }
    case 'binary': {
      const l = sub(e.left);
      const r = sub(e.right);
      const n2 = (f: (a: number, b: number) => Value): Evaluator => (env) => f(toNumber(l(env)), toNumber(r(env)));
      switch (e.op) {
        case 'or':
          return (env) => toBool(l(env)) || toBool(r(env));
        case 'and':
          return (env) => toBool(l(env)) && toBool(r(env));
        case '=':
          return (env) => valuesEqual(l(env), r(env));
        case '!=':
          return (env) => !valuesEqual(l(env), r(env));
        case '<':
          return n2((a, b) => a < b);
        case '<=':
          return n2((a, b) => a <= b);
        case '>':
          return n2((a, b) => a > b);
        case '>=':
          return n2((a, b) => a >= b);
        case '+':
          return n2((a, b) => a + b);
        case '-':
          return n2((a, b) => a - b);
        case '*':
          return n2((a, b) => a * b);
        case 'div':
          return n2((a, b) => a / b);
        case 'mod':
          return n2((a, b) => a % b);
        default:
          return assertNever(e.op, 'operator');
      }
    }
    case 'call': {
      const args = e.args.map(sub);
      const a = (i: number, env: EvalEnv): Value => (args[i] ? args[i](env) : '');
      switch (e.fn) {
        case 'true':
          return () => true;
        case 'false':
          return () => false;
        case 'not':
          return (env) => !toBool(a(0, env));
        case 'selected':
          return (env) => codesOf(a(0, env)).includes(toStr(a(1, env)).trim());
        case 'count-selected':
          return (env) => codesOf(a(0, env)).length;
        case 'if':
          return (env) => (toBool(a(0, env)) ? a(1, env) : a(2, env));
        case 'coalesce':
          return (env) => (isEmpty(a(0, env)) ? a(1, env) : a(0, env));
        case 'string-length':
          return (env) => [...toStr(a(0, env))].length;
        case 'regex':
          return (env) => {
            const re = safeRegExp(toStr(a(1, env)));
            return re ? re.test(toStr(a(0, env))) : false;
          };
        case 'number':
          return (env) => toNumber(a(0, env));
        case 'int':
          return (env) => Math.trunc(toNumber(a(0, env)));
        case 'round':
          return (env) => roundHalfAway(toNumber(a(0, env)), args.length > 1 ? toNumber(a(1, env)) : 0);
        case 'today':
          return (env) => env.today;
        case 'sum':
          return (env) => args.map((f) => f(env)).filter((v) => !isEmpty(v)).reduce<number>((s, v) => s + toNumber(v), 0);
        case 'min':
        case 'max':
          return (env) => {
            const xs = args.map((f) => f(env)).filter((v) => !isEmpty(v)).map(toNumber);
            if (xs.length === 0 || xs.some((x) => Number.isNaN(x))) return NaN;
            // The first of equal values wins (so -0 and 0 keep their order).
            return xs.reduce((best, x) => ((e.fn === 'min' ? x < best : x > best) ? x : best));
          };
        case 'missing': {
          const codes = missingCodes(e.args[0], scope);
          return (env) => isMissingValue(a(0, env), codes);
        }
        case 'any':
          return (env) => args.slice(1).some((f) => valuesEqual(f(env), a(0, env)));
        default:
          throw new Error(`function ${e.fn}() has no implementation`);
      }
    }
    default:
      return assertNever(e, 'expression');
  }
}

const regexCache = new Map<string, RegExp | null>();

function safeRegExp(pattern: string): RegExp | undefined {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    if (regexCache.size < 1000) regexCache.set(pattern, re);
  }
  return re ?? undefined;
}

/** Rounds half away from zero to `digits` decimals (ODK `round()`); NaN in, NaN out. */
function roundHalfAway(x: number, digits: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(digits)) return NaN;
  const f = 10 ** Math.trunc(digits);
  const y = Math.round(Math.abs(x) * f) / f;
  return x < 0 ? -y : y;
}
