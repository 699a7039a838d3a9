// Routing: which variables are on route for a case's current answers, their effective values, next/previous field.

import { DomainError, type ErrorIssue } from '../domain/errors';
import { isEnterable, placedVariables, userMissingCodes, type Questionnaire, type Variable } from '../domain/questionnaire';
import { refsOf } from '../expr/ast';
import { compile, equalsText, slotTextComparison, type EvalEnv, type Evaluator } from '../expr/compile';
import { parse } from '../expr/parser';
import { toBool, toStored, toValue, type RawValue, type Value } from '../expr/values';

/** A case's answers by variable name; null/undefined/'' = not answered. Multiple choices as "1 3". */
export type CaseAnswers = Readonly<Record<string, RawValue>>;

/** The route of one case: per slot (paper order) whether it is on route, and the effective value. */
export interface RouteState {
  /** On route (relevant, including every enclosing group), per slot. */
  readonly onRoute: readonly boolean[];
  /** Effective values per slot: answers on route, results of calculations, `''` for everything off route. */
  readonly values: readonly Value[];
  /** The answers as given, normalised, per slot (off-route answers kept, for the "answered but skipped" check). */
  readonly answers: readonly Value[];
  /** today() used for this evaluation. */
  readonly today: string;
}

/**
 * The compiled routing of a questionnaire as data, for a caller that runs the route inline with work of its own per
 * slot (the cleaning rule run) rather than through {@link Router.evaluator}. Visiting the slots in `order`, slot s is
 * on route when `groupOn(groupOfSlot[s], …)` holds and then its relevant: when `relSlot[s] >= 0` the inline test
 * `equalsText(values[relSlot[s]], relText[s]) !== (relNegated[s] === 1)`, else `relevant[s]` if any; its value is its
 * answer (set before its expressions run, which may read it), `calculate[s]` if any, and `''` off route. With
 * `acyclic` false every value must hold its answer before the first slot is visited.
 */
export interface RoutePlan {
  /** Slots in dependency order (a calculation before what reads it), paper order among independents. */
  readonly order: Int32Array;
  /** No cycle: every slot an expression reads (other than its own) is final before the expression runs. */
  readonly acyclic: boolean;
  /** The innermost group of each slot, −1 for none. */
  readonly groupOfSlot: Int32Array;
  /** Number of groups (the length of the `groupState` buffer of {@link RoutePlan.groupOn}). */
  readonly groupCount: number;
  /**
   * Whether group `gi` and every enclosing group is on route (true for −1), memoised in `groupState` (0 unknown,
   * 1 on, 2 off; all 0 at the start of a case).
   */
  groupOn(gi: number, groupState: Int8Array, env: EvalEnv): boolean;
  readonly relSlot: Int32Array;
  readonly relText: readonly string[];
  readonly relNegated: Uint8Array;
  readonly relevant: readonly (Evaluator | undefined)[];
  readonly calculate: readonly (Evaluator | undefined)[];
}

interface GroupPlan {
  parent: number;
  relevant?: Evaluator;
}

/** A questionnaire compiled for routing. Create once per questionnaire version with {@link createRouter}. */
export interface Router {
  readonly questionnaire: Questionnaire;
  /** Variables in paper order; slot i is variables[i]. */
  readonly variables: readonly Variable[];
  /** Slot of a variable name, or undefined. */
  slotOf(name: string): number | undefined;
  /** User-missing codes of the variable in a slot. */
  missingOf(slot: number): ReadonlySet<string>;
  /**
   * Computes the route for a case.
   * @param answers answers by name (unknown names are ignored)
   * @param today "YYYY-MM-DD" for today(); pass the caller's clock (default '')
   */
  evaluate(answers: CaseAnswers, today?: string): RouteState;
  /** Same as evaluate, with answers already by slot (the fast path for entry screens). */
  evaluateSlots(answers: readonly RawValue[], today?: string): RouteState;
  /**
   * A reusable evaluation for runs over many cases: the returned function computes what evaluateSlots computes but
   * writes into arrays it owns and returns the same state object on every call, so a state is valid only until the
   * next call. No arrays are allocated per case.
   * @param opts.answersAreValues the caller passes answers that are already Values (strings or numbers, '' for not
   *   answered; no null, undefined or non-finite numbers): the state's `answers` is then that very array, not a copy,
   *   and must not be changed while the state is read
   */
  evaluator(opts?: { answersAreValues?: boolean }): (answers: readonly RawValue[], today?: string) => RouteState;
  /** The compiled routing as data ({@link RoutePlan}), for running it inline; gives what evaluateSlots gives. */
  plan(): RoutePlan;
}

/**
 * Compiles routing (relevant of variables and their groups) and calculations of a questionnaire.
 * Evaluation follows the dependency order (a calculation is computed before what reads it), not only paper order.
 * Semantics (ODK): a variable is on route when its own `relevant` and that of every enclosing group hold; a
 * variable off route is system-missing (`''`) for every expression that reads it; calculations off route are empty.
 * @param q a questionnaire without errors (validateQuestionnaire)
 * @returns the router
 * @throws DomainError EXPRESSION_ERROR if an expression does not parse or names an unknown variable
 */
export function createRouter(q: Questionnaire): Router {
  const placed = placedVariables(q);
  const variables = placed.map((p) => p.variable);
  const slots = new Map<string, number>();
  variables.forEach((v, i) => {
    if (!slots.has(v.name)) slots.set(v.name, i);
  });
  const missingSets = variables.map((v) => new Set(userMissingCodes(q, v).map((m) => m.code)));
  const issues: ErrorIssue[] = [];
  const deps: Set<number>[] = variables.map(() => new Set());
  const slotOf = (n: string): number | undefined => slots.get(n);
  const missingOf = (slot: number): ReadonlySet<string> => missingSets[slot] ?? new Set();

  const compileField = (src: string | undefined, owner: number | undefined, name: string, field: string): Evaluator | undefined => {
    if (src === undefined || src.trim() === '') return undefined;
    try {
      const tree = parse(src);
      if (owner !== undefined) for (const r of refsOf(tree)) {
        const s = slots.get(r.name);
        if (s !== undefined && s !== owner) deps[owner]!.add(s);
      }
      return compile(tree, { slotOf, missingOf, ...(owner !== undefined ? { selfMissing: missingOf(owner) } : {}) });
    } catch (e) {
      issues.push({ message: `${name} ${field}: ${(e as Error).message}`, value: src });
      return undefined;
    }
  };

  // Groups: one plan per distinct group object, with its parent.
  const groupIndex = new Map<object, number>();
  const groups: GroupPlan[] = [];
  const groupOfSlot: number[] = [];
  placed.forEach((p, slot) => {
    let parent = -1;
    for (const g of p.groups) {
      let gi = groupIndex.get(g);
      if (gi === undefined) {
        gi = groups.length;
        groupIndex.set(g, gi);
        const rel = compileField(g.relevant, undefined, g.name, 'relevant');
        groups.push({ parent, ...(rel ? { relevant: rel } : {}) });
      }
      parent = gi;
    }
    groupOfSlot[slot] = parent;
  });
  // Group routing reads feed the dependencies of every member.
  const groupRefs: number[][] = groups.map(() => []);
  placed.forEach((p) => {
    for (const g of p.groups) {
      const gi = groupIndex.get(g)!;
      if (g.relevant) {
        try {
          groupRefs[gi] = refsOf(parse(g.relevant)).map((r) => slots.get(r.name)).filter((s): s is number => s !== undefined);
        } catch {
          /* reported by compileField */
        }
      }
    }
  });
  const relevantFns = variables.map((v, slot) => compileField(v.relevant, slot, v.name, 'relevant'));
  // `${x} = 'lit'` / `${x} != 'lit'` relevants (most routing) are tested inline in evaluateInto, without a call.
  const relSlot = new Int32Array(variables.length).fill(-1);
  const relText: string[] = variables.map(() => '');
  const relNegated = new Uint8Array(variables.length);
  variables.forEach((v, slot) => {
    if (relevantFns[slot] === undefined) return;
    let simple: ReturnType<typeof slotTextComparison>;
    try {
      simple = slotTextComparison(parse(v.relevant!), { slotOf, missingOf });
    } catch {
      simple = undefined;
    }
    if (simple === undefined || simple.slot === slot) return;
    relSlot[slot] = simple.slot;
    relText[slot] = simple.text;
    relNegated[slot] = simple.negated ? 1 : 0;
  });
  const calcFns = variables.map((v, slot) => (v.type === 'calculated' ? compileField(v.calculate, slot, v.name, 'calculate') : undefined));
  placed.forEach((p, slot) => {
    for (const g of p.groups) for (const s of groupRefs[groupIndex.get(g)!] ?? []) if (s !== slot) deps[slot]!.add(s);
  });
  if (issues.length > 0) throw new DomainError('EXPRESSION_ERROR', `${issues.length} expression${issues.length > 1 ? 's' : ''} cannot be compiled`, issues);

  // Dependency order (depth-first, paper order among independents); cycles are broken where found.
  const order: number[] = [];
  const mark = new Uint8Array(variables.length);
  /** No cycle: every slot an expression reads (other than its own) is final before the expression is evaluated. */
  let acyclic = true;
  const visit = (s: number): void => {
    if (mark[s] === 1) acyclic = false;
    if (mark[s] !== 0) return;
    mark[s] = 1;
    for (const d of deps[s]!) visit(d);
    mark[s] = 2;
    order.push(s);
  };
  for (let s = 0; s < variables.length; s++) visit(s);

  const n = variables.length;
  const orderArr = Int32Array.from(order);
  const groupOfSlotArr = Int32Array.from(groupOfSlot);
  const groupParent = Int32Array.from(groups, (g) => g.parent);
  const groupRel = groups.map((g) => g.relevant);
  /** Whether group `gi` (and every enclosing group) is on route; states memoised in `groupState` (0 unknown, 1 on, 2 off). */
  const groupOn = (gi: number, groupState: Int8Array, env: EvalEnv): boolean => {
    if (gi < 0) return true;
    const st = groupState[gi]!;
    if (st !== 0) return st === 1;
    const rel = groupRel[gi];
    const on = groupOn(groupParent[gi]!, groupState, env) && (rel ? toBool(rel(env)) : true);
    groupState[gi] = on ? 1 : 2;
    return on;
  };
  /** The route of `raw` written into the given arrays (each of length n); `answers` may be `raw` itself when it holds Values. */
  const evaluateInto = (raw: readonly RawValue[], today: string, answers: Value[], values: Value[], onRoute: boolean[], groupState: Int8Array, env: { values: Value[]; self: Value; today: string }): void => {
    if (answers !== raw) for (let i = 0; i < n; i++) answers[i] = toValue(raw[i]);
    // Without cycles each slot's value is set just before its own expressions run (all it reads is final by then).
    if (!acyclic) for (let i = 0; i < n; i++) values[i] = answers[i]!;
    groupState.fill(0);
    env.today = today;
    for (let k = 0; k < n; k++) {
      const s = orderArr[k]!;
      const a = answers[s]!;
      values[s] = a;
      env.self = a;
      const gi = groupOfSlotArr[s]!;
      // The enclosing group's state is usually known already (its first member worked it out).
      const gs = gi < 0 ? 1 : groupState[gi]!;
      let on = gs === 1 || (gs === 0 && groupOn(gi, groupState, env));
      if (on) {
        const rs = relSlot[s]!;
        if (rs >= 0) on = equalsText(values[rs] ?? '', relText[s]!) !== (relNegated[s] === 1);
        else {
          const rel = relevantFns[s];
          if (rel) on = toBool(rel(env));
        }
      }
      onRoute[s] = on;
      if (!on) values[s] = '';
      else {
        const calc = calcFns[s];
        if (calc) values[s] = toStored(calc(env));
      }
    }
  };
  const evaluateSlots = (raw: readonly RawValue[], today = ''): RouteState => {
    const answers: Value[] = new Array<Value>(n);
    const values: Value[] = new Array<Value>(n);
    const onRoute: boolean[] = new Array<boolean>(n).fill(false);
    evaluateInto(raw, today, answers, values, onRoute, new Int8Array(groups.length), { values, self: '', today });
    return { onRoute, values, answers, today };
  };
  const evaluator = (opts: { answersAreValues?: boolean } = {}): ((raw: readonly RawValue[], today?: string) => RouteState) => {
    const own: Value[] = new Array<Value>(n).fill('');
    const values: Value[] = new Array<Value>(n).fill('');
    const onRoute: boolean[] = new Array<boolean>(n).fill(false);
    const groupState = new Int8Array(groups.length);
    const env = { values, self: '' as Value, today: '' };
    const state = { onRoute, values, answers: own as readonly Value[], today: '' };
    const shared = opts.answersAreValues === true;
    return (raw, today = '') => {
      const answers = shared ? (raw as Value[]) : own;
      evaluateInto(raw, today, answers, values, onRoute, groupState, env);
      state.answers = answers;
      state.today = today;
      return state;
    };
  };
  const routePlan: RoutePlan = {
    order: orderArr, acyclic, groupOfSlot: groupOfSlotArr, groupCount: groups.length, groupOn,
    relSlot, relText, relNegated, relevant: relevantFns, calculate: calcFns,
  };
  return {
    questionnaire: q,
    variables,
    slotOf,
    missingOf,
    evaluateSlots,
    evaluator,
    plan: () => routePlan,
    evaluate(answers: CaseAnswers, today = '') {
      const raw: RawValue[] = variables.map((v) => answers[v.name]);
      return evaluateSlots(raw, today);
    },
  };
}

/**
 * Whether a variable is on route.
 * @returns false for unknown names
 */
export function isOnRoute(router: Router, state: RouteState, name: string): boolean {
  const s = router.slotOf(name);
  return s !== undefined && state.onRoute[s] === true;
}

/**
 * The names of the fields an operator keys for this case, in paper order: enterable variables on route.
 */
export function fieldsOnRoute(router: Router, state: RouteState): string[] {
  return router.variables.filter((v, i) => isEnterable(v) && state.onRoute[i]).map((v) => v.name);
}

/**
 * The next field to key after `current` (or the first field if `current` is null): the next enterable
 * variable on route in paper order.
 * @returns its name, or undefined at the end of the form
 */
export function nextField(router: Router, state: RouteState, current: string | null): string | undefined {
  const from = current === null ? -1 : (router.slotOf(current) ?? -1);
  for (let i = from + 1; i < router.variables.length; i++) {
    const v = router.variables[i]!;
    if (state.onRoute[i] && isEnterable(v)) return v.name;
  }
  return undefined;
}

/**
 * The field before `current` on route (for Shift+Tab / going back).
 * @returns its name, or undefined at the start of the form
 */
export function previousField(router: Router, state: RouteState, current: string | null): string | undefined {
  const from = current === null ? router.variables.length : (router.slotOf(current) ?? router.variables.length);
  for (let i = from - 1; i >= 0; i--) {
    const v = router.variables[i]!;
    if (state.onRoute[i] && isEnterable(v)) return v.name;
  }
  return undefined;
}

/**
 * Effective value of a variable (answer on route, calculation result, or `''` off route).
 * @returns `''` for unknown names
 */
export function valueOf(router: Router, state: RouteState, name: string): Value {
  const s = router.slotOf(name);
  return s === undefined ? '' : (state.values[s] ?? '');
}
