// Static check of expressions against a questionnaire: syntax, unknown names, types, cycles, routing order.

import { assertNever } from '../domain/errors';
import type { ItemField, QuestionnaireProblem } from '../domain/problems';
import { flatItems, findList, userMissingCodes, type Questionnaire, type Variable } from '../domain/questionnaire';
import { checkStructure } from '../domain/validate';
import { refsOf, type Expr, type Span } from './ast';
import type { ValueType } from './grammar';
import { exprMessage, type ExprMessageKey, type ExprMessageParams } from './messages';
import { tryParse } from './parser';

/** What a variable looks like to the checker. */
export interface VarInfo {
  type: Variable['type'];
  /** Position in paper order. */
  index: number;
  /** Valid codes (list codes plus user-missing codes) for choice variables. */
  codes?: ReadonlySet<string>;
}

/** Names visible to an expression and what `.` is. */
export interface CheckScope {
  lookup(name: string): VarInfo | undefined;
  /** The variable `.` stands for; undefined where `.` is not allowed (calculations, group routing). */
  self?: VarInfo;
}

/** A problem inside one expression, with the span in its source. */
export interface ExprProblem {
  severity: 'error' | 'warning';
  /** English text (CLI, logs). */
  message: string;
  /** Stable key of the problem (messages.ts; i18n `expr.<key>` in the renderer) and the values its text names. */
  key: ExprMessageKey;
  params: ExprMessageParams;
  span: Span;
}

const NUMERICISH: ReadonlySet<ValueType> = new Set(['number', 'code', 'date', 'any', 'boolean']);

function typeOfVar(v: VarInfo): ValueType {
  switch (v.type) {
    case 'single':
      return 'code';
    case 'multiple':
      return 'codes';
    case 'integer':
    case 'decimal':
      return 'number';
    case 'text':
      return 'string';
    case 'date':
      return 'date';
    case 'calculated':
    case 'note':
      return 'any';
    default:
      return assertNever(v.type, 'variable type');
  }
}

/**
 * Type-checks a parsed expression: unknown names, notes used as values, `.` where it has no meaning, text or
 * multiple choices in arithmetic or order comparisons, selected() on a non-choice, codes compared with a
 * choice variable that are not in its list (warning), regex() patterns that do not compile.
 * @param e the tree
 * @param scope names and `.`
 * @returns problems (empty when fine)
 */
export function checkExpr(e: Expr, scope: CheckScope): ExprProblem[] {
  const out: ExprProblem[] = [];
  const err = (key: ExprMessageKey, params: ExprMessageParams, span: Span, severity: 'error' | 'warning' = 'error'): void => {
    out.push({ severity, message: exprMessage(key, params), key, params, span });
  };
  const varOf = (x: Expr): VarInfo | undefined => (x.kind === 'ref' ? scope.lookup(x.name) : x.kind === 'self' ? scope.self : undefined);
  const wantNumeric = (x: Expr, t: ValueType, what: string): void => {
    if (t === 'string' && x.kind === 'string' && (x.value.trim() === '' || !Number.isNaN(Number(x.value)))) return;
    if (!NUMERICISH.has(t)) {
      if (t === 'codes') err('check.numberNotChoices', { op: what }, x.span);
      else if (x.kind === 'string') err('check.numberNotLiteral', { op: what, text: x.value }, x.span);
      else err('check.numberNotText', { op: what }, x.span);
    }
  };
  const checkCode = (choice: Expr, other: Expr): void => {
    const v = varOf(choice);
    if (!v?.codes || (other.kind !== 'string' && other.kind !== 'number')) return;
    const code = other.kind === 'string' ? other.value.trim() : String(other.value);
    if (code !== '' && !v.codes.has(code)) err('check.codeNotInList', { code, variable: choice.kind === 'ref' ? `\${${choice.name}}` : '.' }, other.span, 'warning');
  };
  const infer = (x: Expr): ValueType => {
    switch (x.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'string';
      case 'self':
        if (!scope.self) {
          err('check.selfHere', {}, x.span);
          return 'any';
        }
        return typeOfVar(scope.self);
      case 'ref': {
        const v = scope.lookup(x.name);
        if (!v) {
          err('check.unknownVariable', { name: x.name }, x.span);
          return 'any';
        }
        if (v.type === 'note') err('check.noteNoValue', { name: x.name }, x.span);
        return typeOfVar(v);
      }
      case 'negate':
        wantNumeric(x.arg, infer(x.arg), "'-'");
        return 'number';
      case 'binary': {
        const lt = infer(x.left);
        const rt = infer(x.right);
        switch (x.op) {
          case 'and':
          case 'or':
            return 'boolean';
          case '=':
          case '!=':
            if (lt === 'codes' || rt === 'codes') err('check.compareChoices', {}, x.span);
            checkCode(x.left, x.right);
            checkCode(x.right, x.left);
            return 'boolean';
          case '<':
          case '<=':
          case '>':
          case '>=':
            wantNumeric(x.left, lt, `'${x.op}'`);
            wantNumeric(x.right, rt, `'${x.op}'`);
            return 'boolean';
          case '+':
          case '-':
          case '*':
          case 'div':
          case 'mod':
            wantNumeric(x.left, lt, `'${x.op}'`);
            wantNumeric(x.right, rt, `'${x.op}'`);
            return 'number';
          default:
            return assertNever(x.op, 'operator');
        }
      }
      case 'call': {
        const types = x.args.map(infer);
        switch (x.fn) {
          case 'selected':
          case 'count-selected': {
            const t = types[0];
            const a0 = x.args[0]!;
            if (t !== 'codes' && t !== 'code' && t !== 'any') err('check.choiceNeeded', { fn: x.fn }, a0.span);
            if (x.fn === 'selected' && x.args[1]) checkCode(a0, x.args[1]);
            return x.fn === 'selected' ? 'boolean' : 'number';
          }
          case 'regex': {
            const pat = x.args[1];
            if (pat?.kind === 'string') {
              try {
                new RegExp(pat.value, 'u');
              } catch (e) {
                err('check.badRegex', { detail: (e as Error).message }, pat.span);
              }
            }
            return 'boolean';
          }
          case 'if': {
            const a = types[1];
            const b = types[2];
            return a === b && a !== undefined ? a : 'any';
          }
          case 'coalesce':
            return types[0] === types[1] && types[0] !== undefined ? types[0] : 'any';
          case 'int':
          case 'round':
          case 'sum':
          case 'min':
          case 'max':
            x.args.forEach((a, i) => wantNumeric(a, types[i] ?? 'any', `${x.fn}()`));
            return 'number';
          case 'any':
            x.args.slice(1).forEach((a) => checkCode(a, x.args[0]!));
            return 'boolean';
          case 'number':
          case 'string-length':
            return 'number';
          case 'today':
            return 'date';
          default:
            return 'boolean';
        }
      }
      default:
        return assertNever(x, 'expression');
    }
  };
  infer(e);
  return out;
}

const EXPR_FIELDS = ['relevant', 'constraint', 'soft_constraint', 'calculate'] as const;

/**
 * Checks every expression of a questionnaire: syntax (with position), unknown names, types ({@link checkExpr}),
 * cycles among calculations and routing (error), routing or checks that refer to a later question (warning).
 * @param q the questionnaire
 * @returns problems located by item index (flatItems order) and field, with the span inside the expression
 */
export function checkExpressions(q: Questionnaire): QuestionnaireProblem[] {
  const out: QuestionnaireProblem[] = [];
  const items = flatItems(q);
  const infos = new Map<string, VarInfo & { name: string; item: number }>();
  let order = 0;
  items.forEach((it, itemIndex) => {
    if (it.kind !== 'variable') return;
    const v = it.variable;
    let codes: Set<string> | undefined;
    if ((v.type === 'single' || v.type === 'multiple') && v.listName !== undefined) {
      const list = findList(q, v.listName);
      codes = new Set([...(list?.choices ?? []).map((c) => c.code), ...userMissingCodes(q, v).map((m) => m.code)]);
    }
    if (!infos.has(v.name)) infos.set(v.name, { type: v.type, index: order, name: v.name, item: itemIndex, ...(codes ? { codes } : {}) });
    order++;
  });
  const lookup = (n: string): VarInfo | undefined => infos.get(n);

  // Dependencies for the cycle check: variable → names its value or routing reads (including enclosing groups).
  const deps = new Map<string, Set<string>>();
  let groupStack: { depth: number; refs: string[] }[] = [];

  items.forEach((it, index) => {
    groupStack = groupStack.filter((g) => g.depth < it.depth);
    const name = it.kind === 'variable' ? it.variable.name : it.group.name;
    const selfInfo = it.kind === 'variable' ? infos.get(name) : undefined;
    const position = selfInfo?.index ?? nextVariableIndex(items, index, infos);
    const sources: [ItemField, string | undefined][] =
      it.kind === 'variable'
        ? EXPR_FIELDS.map((f) => [f, f === 'relevant' ? it.variable.relevant : f === 'constraint' ? it.variable.constraint : f === 'soft_constraint' ? it.variable.softConstraint : it.variable.calculate])
        : [['relevant', it.group.relevant]];
    const myRefs: string[] = groupStack.flatMap((g) => g.refs);
    for (const [field, src] of sources) {
      if (src === undefined || src.trim() === '') continue;
      const at = { kind: 'item' as const, index, name, field };
      const parsed = tryParse(src);
      if (!parsed.ok) {
        out.push({ severity: 'error', target: at, message: `syntax error: ${parsed.error.message}`, key: parsed.error.key, params: parsed.error.params, value: src, span: parsed.error.span });
        continue;
      }
      const dotAllowed = it.kind === 'variable' && field !== 'calculate';
      for (const p of checkExpr(parsed.expr, { lookup, ...(dotAllowed && selfInfo ? { self: selfInfo } : {}) })) {
        out.push({ severity: p.severity, target: at, message: p.message, key: p.key, params: p.params, value: src, span: p.span });
      }
      const refs = refsOf(parsed.expr).filter((r) => infos.has(r.name));
      if (field === 'relevant' || field === 'calculate') myRefs.push(...refs.map((r) => r.name));
      if (field === 'relevant' || field === 'constraint' || field === 'soft_constraint') {
        for (const r of refs) {
          const target = infos.get(r.name)!;
          const later = it.kind === 'variable' ? (field === 'relevant' ? target.index >= position : target.index > position) : target.index >= position;
          if (later && !(field !== 'relevant' && r.name === name)) {
            // A check reading its own question is fine (skipped above); routing reading it is not.
            const key: ExprMessageKey = field !== 'relevant' ? 'check.checkLater' : r.name === name ? 'check.routingHere' : 'check.routingLater';
            const params = { name: r.name };
            out.push({
              severity: 'warning',
              target: at,
              message: exprMessage(key, params),
              key,
              params,
              value: src,
              span: r.span,
            });
          }
        }
      }
    }
    if (it.kind === 'group') {
      const refs = myRefs.slice(groupStack.flatMap((g) => g.refs).length);
      groupStack.push({ depth: it.depth, refs });
    } else if (!deps.has(name)) deps.set(name, new Set(myRefs));
  });

  // Cycles: depth-first search over the dependency graph.
  const state = new Map<string, 1 | 2>();
  const reported = new Set<string>();
  const visit = (n: string, path: string[]): void => {
    state.set(n, 1);
    for (const d of deps.get(n) ?? []) {
      const s = state.get(d);
      if (s === 1) {
        const cycle = [...path.slice(path.indexOf(d)), d];
        const cycleId = [...new Set(cycle)].sort().join(',');
        if (!reported.has(cycleId)) {
          reported.add(cycleId);
          const first = infos.get(d)!;
          const allCalc = cycle.every((c) => infos.get(c)?.type === 'calculated');
          const v = items[first.item];
          const field: ItemField = first.type === 'calculated' ? 'calculate' : 'relevant';
          const src = v?.kind === 'variable' ? (field === 'calculate' ? v.variable.calculate : v.variable.relevant) : undefined;
          const key: ExprMessageKey = allCalc ? 'check.cycleCalc' : 'check.cycleRouting';
          const params = { path: cycle.join(' → ') };
          out.push({
            severity: 'error',
            target: { kind: 'item', index: first.item, name: d, field },
            message: exprMessage(key, params),
            key,
            params,
            ...(src !== undefined ? { value: src } : {}),
          });
        }
      } else if (s === undefined) visit(d, [...path, d]);
    }
    state.set(n, 2);
  };
  for (const n of deps.keys()) if (!state.has(n)) visit(n, [n]);
  return out;
}

function nextVariableIndex(items: ReturnType<typeof flatItems>, from: number, infos: Map<string, VarInfo>): number {
  for (let i = from; i < items.length; i++) {
    const it = items[i]!;
    if (it.kind === 'variable') return infos.get(it.variable.name)?.index ?? 0;
  }
  return Number.MAX_SAFE_INTEGER;
}

/**
 * All checks of a questionnaire: structure (names, lists, codes; shared/domain/validate.ts) and expressions.
 * @param q the questionnaire
 * @returns errors and warnings; a questionnaire with errors must not be used for entry
 */
export function validateQuestionnaire(q: Questionnaire): QuestionnaireProblem[] {
  return [...checkStructure(q), ...checkExpressions(q)];
}
