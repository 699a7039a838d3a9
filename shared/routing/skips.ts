// Skip instructions for the paper form: "→ Ga naar vraag N" after an answer and "Alleen voor …" lines, derived from the routing.

import { isEnterable, placedVariables, userMissingCodes, valueLabels, type Group, type Questionnaire } from '../domain/questionnaire';
import { refsOf, type Expr } from '../expr/ast';
import { compile, type Evaluator } from '../expr/compile';
import { tryParse } from '../expr/parser';
import { toBool, type Value } from '../expr/values';

/** Where an answer sends the respondent on paper: a later question (by variable name) or the end of the form. */
export type SkipTarget = { kind: 'question'; name: string } | { kind: 'end' };

/** The routing of a paper form in instructions. */
export interface PaperRouting {
  /** Single-choice question name → code → where that answer sends the respondent; only answers that skip the next question. */
  readonly jumps: ReadonlyMap<string, ReadonlyMap<string, SkipTarget>>;
  /** Questions whose own `relevant` must be printed as an "Alleen voor …" line: it is not certainly true where the respondent arrives. */
  readonly questionLines: ReadonlySet<string>;
  /** Groups whose `relevant` must be printed as an "Alleen voor …" line above the block. */
  readonly groupLines: ReadonlySet<string>;
}

/** Three-valued truth: true, false, or unknown (depends on answers not fixed by the analysis). */
type Tri = boolean | undefined;

/** Most combinations of context answers tried per analysis; beyond that the context stays unknown. */
const MAX_CONTEXTS = 64;

/** A parsed condition (null in the cache when it has a syntax error). */
interface Cond {
  expr: Expr;
}

/**
 * Derives the paper-form routing from the `relevant` conditions (XLSForm syntax) of the variables and groups.
 *
 * Method (per question F in paper order): the respondent is at F, so F's own and its groups' conditions hold.
 * The single-choice variables those conditions read are enumerated over their codes (at most 64 combinations),
 * keeping only combinations that do not make F's route false. For each answer c of a single-choice F (list and
 * user-missing codes; for other types the answer stays unknown) the later variables are walked in paper order:
 * a condition is evaluated in three-valued logic (and/or/not combine true/false/unknown; any other part is
 * evaluated with the expression engine only when every variable it reads is known, else unknown). A variable
 * whose route (own condition and every enclosing group) is false is off route and counts as empty (''), as
 * the router does; a calculation on route whose inputs are all known gets its value. Over the context
 * combinations a later question is skipped only when it is off route in all of them.
 *
 * - Jump: when answer c makes the next enterable question skipped, c gets the first later enterable question
 *   that is not skipped (its condition may still be unknown — then that question carries an "Alleen voor" line),
 *   or `end` when none is left.
 * - Lines: a question (group) gets an "Alleen voor" line when, at some place a respondent arrives at it (the
 *   first question, with nothing known; the target of each answer of the question before it or of a jump; the
 *   question after one with a line, or after a block with a line, for those it did not apply to, with what was
 *   known where they arrived at that question), its condition is not certainly true.
 *
 * Conditions with a syntax error are treated as unknown (they get a line; the builder reports the error).
 * @param q the questionnaire
 * @returns jumps per single-choice question and code, and which questions/groups need an "Alleen voor" line
 */
export function paperRouting(q: Questionnaire): PaperRouting {
  const placed = placedVariables(q);
  const n = placed.length;
  const vars = placed.map((p) => p.variable);
  const slot = new Map(vars.map((v, i) => [v.name, i]));
  const missing = vars.map((v) => new Set(userMissingCodes(q, v).map((m) => m.code)));
  const scope = { slotOf: (name: string) => slot.get(name), missingOf: (s: number) => missing[s] };

  const parsed = new Map<string, Cond | null>();
  const condOf = (src: string | undefined): Cond | null | undefined => {
    if (src === undefined || src.trim() === '') return undefined;
    let c = parsed.get(src);
    if (c === undefined) {
      const r = tryParse(src);
      c = r.ok ? { expr: r.expr } : null;
      parsed.set(src, c);
    }
    return c;
  };
  const evaluators = new Map<Expr, { run: Evaluator; refs: number[] } | null>();
  const leaf = (e: Expr) => {
    let l = evaluators.get(e);
    if (l === undefined) {
      const refs = [...new Set(refsOf(e).map((r) => r.name))].map((name) => slot.get(name));
      try {
        l = refs.some((s) => s === undefined) ? null : { run: compile(e, scope), refs: refs as number[] };
      } catch {
        l = null;
      }
      evaluators.set(e, l);
    }
    return l;
  };

  /** What is known during a walk: per slot a value or undefined (unknown); `vals` mirrors it with '' for unknown, for evaluation. */
  interface Known {
    known: (Value | undefined)[];
    vals: Value[];
  }
  const setKnown = (k: Known, s: number, v: Value) => {
    k.known[s] = v;
    k.vals[s] = v;
  };
  const run = (l: { run: Evaluator }, k: Known): Value => l.run({ values: k.vals, self: '', today: '' });

  const tri = (e: Expr, k: Known): Tri => {
    if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) {
      const a = tri(e.left, k);
      if (e.op === 'and' && a === false) return false;
      if (e.op === 'or' && a === true) return true;
      const b = tri(e.right, k);
      if (e.op === 'and') return b === false ? false : a === true && b === true ? true : undefined;
      return b === true ? true : a === false && b === false ? false : undefined;
    }
    if (e.kind === 'call' && e.fn === 'not' && e.args.length === 1) {
      const a = tri(e.args[0]!, k);
      return a === undefined ? undefined : !a;
    }
    const l = leaf(e);
    if (!l || l.refs.some((x) => k.known[x] === undefined)) return undefined;
    try {
      return toBool(run(l, k));
    } catch {
      return undefined;
    }
  };
  const condTri = (src: string | undefined, k: Known): Tri => {
    const c = condOf(src);
    if (c === undefined) return true;
    if (c === null) return undefined;
    return tri(c.expr, k);
  };
  const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === true && b === true ? true : undefined);
  const merge = (a: Tri, b: Tri): Tri => (a === b ? a : undefined);
  const routeTri = (j: number, k: Known): Tri =>
    placed[j]!.groups.reduce<Tri>((acc, g) => and(acc, condTri(g.relevant, k)), condTri(vars[j]!.relevant, k));

  /**
   * The outcome of walking on from one question with one answer: per later slot the state of its own condition,
   * of each enclosing group's condition and of its whole route, and the facts (values) that held in every context.
   */
  interface Walk {
    own: Tri[];
    group: Map<Group, Tri>[];
    route: Tri[];
    facts: (Value | undefined)[];
  }

  /** Context answers to try at question i: its route's single-choice inputs not yet fixed by `seed`, over their codes and ''. */
  const contextsOf = (i: number, seed: readonly (Value | undefined)[]): (Value | undefined)[][] => {
    const p = placed[i]!;
    const names = new Set<string>();
    for (const src of [p.variable.relevant, ...p.groups.map((g) => g.relevant)]) {
      const c = condOf(src);
      if (c) for (const r of refsOf(c.expr)) names.add(r.name);
    }
    let out: (Value | undefined)[][] = [seed.slice()];
    let combos = 1;
    for (const name of names) {
      const x = slot.get(name);
      if (x === undefined || x === i || seed[x] !== undefined || vars[x]!.type !== 'single') continue;
      const codes = valueLabels(q, vars[x]!).map((l) => l.code);
      if (codes.length === 0) continue;
      combos *= codes.length + 1;
      if (combos > MAX_CONTEXTS) return [seed.slice()];
      out = out.flatMap((k) => [...codes, ''].map((c) => { const y = k.slice(); y[x] = c; return y; }));
    }
    return out;
  };

  /**
   * Walks on from question i given its answer (undefined = unknown) and the facts known on arrival, over every
   * context; null when no context lets question i be on route.
   */
  const walk = (i: number, answer: string | undefined, seed: readonly (Value | undefined)[]): Walk | null => {
    let result: Walk | null = null;
    for (const ctx of contextsOf(i, seed)) {
      const k: Known = { known: ctx, vals: ctx.map((v) => v ?? '') };
      if (answer !== undefined) setKnown(k, i, answer);
      if (routeTri(i, k) === false) continue;
      const own: Tri[] = new Array<Tri>(n).fill(undefined);
      const group: Map<Group, Tri>[] = Array.from({ length: n }, () => new Map());
      const route: Tri[] = new Array<Tri>(n).fill(undefined);
      for (let j = i + 1; j < n; j++) {
        const v = vars[j]!;
        own[j] = condTri(v.relevant, k);
        let r = own[j];
        for (const g of placed[j]!.groups) {
          const t = condTri(g.relevant, k);
          group[j]!.set(g, t);
          r = and(r, t);
        }
        route[j] = r;
        if (k.known[j] !== undefined) continue; // fixed already (a fact or a context answer)
        if (r === false) setKnown(k, j, '');
        else if (v.type === 'calculated' && r === true) {
          const c = condOf(v.calculate);
          const l = c ? leaf(c.expr) : null;
          if (l && l.refs.every((x) => k.known[x] !== undefined)) {
            try {
              setKnown(k, j, run(l, k));
            } catch {
              /* stays unknown */
            }
          }
        }
      }
      if (!result) result = { own, group, route, facts: k.known };
      else {
        for (let j = 0; j < n; j++) {
          if (result.facts[j] !== k.known[j]) result.facts[j] = undefined;
          if (j <= i) continue;
          result.own[j] = merge(result.own[j], own[j]);
          result.route[j] = merge(result.route[j], route[j]);
          for (const [g, t] of group[j]!) result.group[j]!.set(g, merge(result.group[j]!.get(g), t));
        }
      }
    }
    return result;
  };

  const enterable = vars.map((v) => isEnterable(v));
  const nextEnterable = (from: number, skip?: (j: number) => boolean): number => {
    for (let j = from + 1; j < n; j++) if (enterable[j] && !(skip?.(j) ?? false)) return j;
    return -1;
  };

  // Arrivals: per slot, the walks a respondent may arrive with (null = at the start, nothing known).
  const arrivals: Set<Walk | null>[] = Array.from({ length: n }, () => new Set());
  const first = nextEnterable(-1);
  if (first >= 0) arrivals[first]!.add(null);
  const jumps = new Map<string, Map<string, SkipTarget>>();
  const questionLines = new Set<string>();
  const groupLines = new Set<string>();

  for (let j = 0; j < n; j++) {
    if (!enterable[j]) continue;
    const v = vars[j]!;
    const groups = placed[j]!.groups;
    const here = arrivals[j]!;

    // Lines: the condition is not certainly true for everyone arriving here.
    for (const w of here) {
      if (v.relevant !== undefined && v.relevant.trim() !== '' && (w === null || w.own[j] !== true)) questionLines.add(v.name);
      for (const g of groups) {
        if (g.relevant === undefined || g.relevant.trim() === '') continue;
        if (w === null || w.group[j]!.get(g) !== true) groupLines.add(g.name);
      }
    }
    // Those a line did not apply to go on with the next question (or the one after the block); what was known
    // on arrival here still holds there (a walk covers every later slot).
    if (questionLines.has(v.name)) {
      const k = nextEnterable(j);
      if (k >= 0) for (const w of here) arrivals[k]!.add(w);
    }
    for (const g of groups) {
      if (!groupLines.has(g.name)) continue;
      const k = nextEnterable(j, (x) => placed[x]!.groups.includes(g));
      if (k >= 0) for (const w of here) arrivals[k]!.add(w);
    }

    // Facts that hold for everyone arriving here (a value known alike in every arrival).
    const seed: (Value | undefined)[] = new Array<Value | undefined>(n).fill(undefined);
    const list = [...here];
    if (list.length > 0 && !list.includes(null)) {
      for (let x = 0; x < n; x++) {
        const f = list[0]!.facts[x];
        if (f !== undefined && list.every((w) => w!.facts[x] === f)) seed[x] = f;
      }
    }
    seed[j] = undefined;

    const next = nextEnterable(j);
    if (v.type === 'single') {
      const byCode = new Map<string, SkipTarget>();
      for (const label of valueLabels(q, v)) {
        const w = walk(j, label.code, seed);
        if (!w) continue;
        const skipped = (x: number) => w.route[x] === false;
        const target = nextEnterable(j, skipped);
        if (target >= 0) arrivals[target]!.add(w);
        if (next >= 0 && skipped(next)) byCode.set(label.code, target >= 0 ? { kind: 'question', name: vars[target]!.name } : { kind: 'end' });
      }
      if (byCode.size > 0) jumps.set(v.name, byCode);
    } else if (next >= 0) {
      const w = walk(j, undefined, seed);
      if (w) arrivals[next]!.add(w);
    }
  }
  return { jumps, questionLines, groupLines };
}
