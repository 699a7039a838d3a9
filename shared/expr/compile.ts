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

/** True if `v` is system-missing or one of the user-missing `codes` (a multiple answer counts only if it is that code alone). */
export function isMissingValue(v: Value, codes: ReadonlySet<string>): boolean {
  if (isEmpty(v)) return true;
  if (codes.size === 0) return false;
  return codes.has(toStr(v).trim());
}

/**
 * Compiles a tree to a closure. Semantics: XPath 1.0 conversions as in ODK (values.ts), plus the missing-value
 * rules of README.md. Evaluating never throws for data problems: bad input yields `''`/NaN/false.
 * @param e parsed expression (from parse())
 * @param scope name resolution; every `${name}` must resolve
 * @returns a function of the evaluation environment
 * @throws DomainError EXPRESSION_ERROR listing every unknown `${name}`
 */
export function compile(e: Expr, scope: CompileScope): Evaluator {
  const unknown: string[] = [];
  const fn = build(e, scope, unknown);
  if (unknown.length > 0) {
    throw new DomainError(
      'EXPRESSION_ERROR',
      `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `\${${n}}`).join(', ')}`,
      unknown.map((n) => ({ message: `unknown variable \${${n}}`, value: n })),
    );
  }
  return fn;
}

function build(e: Expr, scope: CompileScope, unknown: string[]): Evaluator {
  const sub = (x: Expr): Evaluator => build(x, scope, unknown);
  switch (e.kind) {
    case 'number': {
      const v = e.value;
      return () => v;
    }
    case 'string': {
      const v = e.value;
      return () => v;
    }
    case 'self':
      return (env) => env.self;
    case 'ref': {
      const slot = scope.slotOf(e.name);
      if (slot === undefined) {
        if (!unknown.includes(e.name)) unknown.push(e.name);
        return () => '';
      }
      return (env) => env.values[slot] ?? '';
    }
    case 'negate': {
      const a = sub(e.arg);
      return (env) => -num(a(env));
    }
    case 'binary': {
      const l = sub(e.left);
      const r = sub(e.right);
      // A literal on the right (`${x} > 40`, `${x} = '1'`) is read once here, not called per evaluation.
      const lit = e.right.kind === 'number' || e.right.kind === 'string' ? e.right.value : undefined;
      if (lit !== undefined) {
        const c = lit;
        const cn = num(c);
        // `${x} = '1'` (routing's usual shape): read the slot here rather than through the ref's closure.
        const slot = e.left.kind === 'ref' ? scope.slotOf(e.left.name) : undefined;
        if (slot !== undefined) {
          switch (e.op) {
            case '=':
              return (env) => eq(env.values[slot] ?? '', c);
            case '!=':
              return (env) => !eq(env.values[slot] ?? '', c);
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
        case 'or':
          return (env) => toBool(l(env)) || toBool(r(env));
        case 'and':
          return (env) => toBool(l(env)) && toBool(r(env));
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
        case '+':
          return (env) => num(l(env)) + num(r(env));
        case '-':
          return (env) => num(l(env)) - num(r(env));
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
      return buildCall(e.fn, e.args, scope, sub);
    default:
      return assertNever(e, 'expression');
  }
}

function buildCall(fn: string, argNodes: Expr[], scope: CompileScope, sub: (x: Expr) => Evaluator): Evaluator {
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
      return (env) => [...toStr(a0(env))].length;
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
      const node = argNodes[0];
      let codes: ReadonlySet<string> = NO_CODES;
      if (node?.kind === 'ref') {
        const slot = scope.slotOf(node.name);
        codes = (slot !== undefined ? scope.missingOf?.(slot) : undefined) ?? NO_CODES;
      } else if (node?.kind === 'self') codes = scope.selfMissing ?? NO_CODES;
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
