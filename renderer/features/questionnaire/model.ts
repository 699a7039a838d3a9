// Pure helpers of the Vragenlijst area: question numbers, routing and conditions in words, and draft edits.
import {
  defaultMissing,
  findList,
  isEnterable,
  placedVariables,
  textIn,
  valueLabels,
  type ChoiceList,
  type Group,
  type Item,
  type Questionnaire,
  type Variable,
} from '../../../shared/domain/questionnaire';
import { assertNever } from '../../../shared/domain/errors';
import { type BinaryOp, type Expr } from '../../../shared/expr/ast';
import { tryParse } from '../../../shared/expr/parser';

/**
 * The question number of every enterable variable: its own `number` (veldwerk::number), else a running
 * count of the enterable variables (notes and calculations get none). Later automatic numbers continue
 * after an explicit numeric one (an explicit "12a" does not move the count).
 * @param q the questionnaire
 * @returns variable name → number as printed ("1", "12a")
 */
export function questionNumbers(q: Questionnaire): Map<string, string> {
  const out = new Map<string, string>();
  let n = 0;
  for (const { variable: v } of placedVariables(q)) {
    if (!isEnterable(v)) continue;
    if (v.number !== undefined && v.number.trim() !== '') {
      out.set(v.name, v.number.trim());
      if (/^\d+$/.test(v.number.trim())) n = Number(v.number.trim());
    } else {
      n += 1;
      out.set(v.name, String(n));
    }
  }
  return out;
}

/** Words used by {@link conditionInWords}, from the UI's translations. */
export interface ConditionWords {
  and: string;
  or: string;
  not: string;
  /** "vraag {{n}}" */
  question(n: string): string;
  /** the value being checked ("het antwoord") */
  self: string;
  /** an empty answer ("leeg") */
  empty: string;
  /** "{{what}}: {{code}} aangekruist" */
  selected(what: string, code: string): string;
}

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = { or: 1, and: 2, '=': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, div: 6, mod: 6 };
const SYMBOL: Readonly<Record<BinaryOp, string>> = { or: 'or', and: 'and', '=': '=', '!=': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥', '+': '+', '-': '−', '*': '×', div: '÷', mod: 'mod' };

/**
 * Renders a condition in words for the codebook and the paper form: `${groep} = '1'` becomes
 * "vraag 2 = 1 (Politiek ambtsdrager)". Variables become their question number (calculations keep their
 * name), codes compared with a choice variable get their label, `and`/`or`/`not` are words, `selected()`
 * reads as "… aangekruist". Anything else is kept as formatted source.
 * @param src the expression source; a syntax error returns it unchanged
 * @returns the text in words
 */
export function conditionInWords(src: string, q: Questionnaire, numbers: ReadonlyMap<string, string>, words: ConditionWords, language: string): string {
  const parsed = tryParse(src);
  if (!parsed.ok) return src;
  const byName = new Map(placedVariables(q).map((p) => [p.variable.name, p.variable]));
  const refText = (name: string) => {
    const n = numbers.get(name);
    return n !== undefined ? words.question(n) : name;
  };
  const codeText = (v: Variable | undefined, code: string) => {
    if (!v || (v.type !== 'single' && v.type !== 'multiple')) return code;
    const l = valueLabels(q, v).find((x) => x.code === code);
    const label = l ? textIn(l.label, language, q.defaultLanguage) : '';
    return label ? `${code} (${label})` : code;
  };
  const literal = (e: Expr) => (e.kind === 'string' ? e.value : e.kind === 'number' ? String(e.value) : undefined);
  const render = (e: Expr, parentPrec: number): string => {
    switch (e.kind) {
      case 'number':
        return String(e.value);
      case 'string':
        return e.value === '' ? words.empty : `'${e.value}'`;
      case 'ref':
        return refText(e.name);
      case 'self':
        return words.self;
      case 'negate':
        return `−${render(e.arg, 7)}`;
      case 'binary': {
        const prec = PRECEDENCE[e.op];
        let text: string;
        if (e.op === 'and' || e.op === 'or') {
          text = `${render(e.left, prec)} ${e.op === 'and' ? words.and : words.or} ${render(e.right, prec + 1)}`;
        } else {
          const refSide = e.left.kind === 'ref' ? e.left : e.right.kind === 'ref' ? e.right : undefined;
          const lit = refSide === e.left ? literal(e.right) : refSide === e.right ? literal(e.left) : undefined;
          if (refSide && lit !== undefined && (e.op === '=' || e.op === '!=')) {
            const code = lit === '' ? words.empty : codeText(byName.get(refSide.name), lit);
            text = refSide === e.left ? `${refText(refSide.name)} ${SYMBOL[e.op]} ${code}` : `${code} ${SYMBOL[e.op]} ${refText(refSide.name)}`;
          } else {
            text = `${render(e.left, prec)} ${SYMBOL[e.op]} ${render(e.right, prec + 1)}`;
          }
        }
        return prec < parentPrec ? `(${text})` : text;
      }
      case 'call': {
        const [a, b] = e.args;
        if (e.fn === 'selected' && a && b && a.kind === 'ref' && literal(b) !== undefined) {
          return words.selected(refText(a.name), codeText(byName.get(a.name), literal(b)!));
        }
        if (e.fn === 'not' && a) return `${words.not} (${render(a, 0)})`;
        return `${e.fn}(${e.args.map((x) => render(x, 0)).join(', ')})`;
      }
      default:
        return assertNever(e, 'expression');
    }
  };
  return render(parsed.expr, 0);
}

// ---- draft edits (immutable) ----

/** Path of an item in the tree: indices from the root list downwards. */
export type ItemPath = readonly number[];

/** A row of the builder's outline: an item with its path and depth. */
export interface OutlineRow {
  path: ItemPath;
  depth: number;
  item: Item;
}

/**
 * The questionnaire's items as outline rows in paper order (groups before their content).
 * @returns one row per item
 */
export function outline(q: Questionnaire): OutlineRow[] {
  const out: OutlineRow[] = [];
  const walk = (items: readonly Item[], prefix: ItemPath, depth: number) => {
    items.forEach((it, i) => {
      const path = [...prefix, i];
      out.push({ path, depth, item: it });
      if (it.kind === 'group') walk(it.items, path, depth + 1);
    });
  };
  walk(q.items, [], 0);
  return out;
}

/** The item at a path, or undefined. */
export function itemAt(q: Questionnaire, path: ItemPath): Item | undefined {
  let items: readonly Item[] = q.items;
  let found: Item | undefined;
  for (const i of path) {
    found = items[i];
    if (!found) return undefined;
    items = found.kind === 'group' ? found.items : [];
  }
  return found;
}

function mapSiblings(items: readonly Item[], parent: ItemPath, fn: (siblings: Item[]) => Item[]): Item[] {
  if (parent.length === 0) return fn([...items]);
  const [head, ...rest] = parent;
  return items.map((it, i) => (i === head && it.kind === 'group' ? { ...it, items: mapSiblings(it.items, rest, fn) } : it));
}

/**
 * Replaces the item at `path`.
 * @returns a new questionnaire
 */
export function replaceItem(q: Questionnaire, path: ItemPath, item: Item): Questionnaire {
  const parent = path.slice(0, -1);
  const idx = path[path.length - 1]!;
  return { ...q, items: mapSiblings(q.items, parent, (s) => s.map((x, i) => (i === idx ? item : x))) };
}

/**
 * Removes the item at `path` (a group with its content).
 * @returns a new questionnaire
 */
export function removeItem(q: Questionnaire, path: ItemPath): Questionnaire {
  const parent = path.slice(0, -1);
  const idx = path[path.length - 1]!;
  return { ...q, items: mapSiblings(q.items, parent, (s) => s.filter((_, i) => i !== idx)) };
}

/**
 * Moves the item at `path` one place up (-1) or down (+1) among its siblings.
 * @returns the new questionnaire and the item's new path (unchanged at either end)
 */
export function moveItem(q: Questionnaire, path: ItemPath, delta: -1 | 1): { questionnaire: Questionnaire; path: ItemPath } {
  const parent = path.slice(0, -1);
  const idx = path[path.length - 1]!;
  let moved = false;
  const items = mapSiblings(q.items, parent, (s) => {
    const to = idx + delta;
    if (to < 0 || to >= s.length) return s;
    const [it] = s.splice(idx, 1);
    s.splice(to, 0, it!);
    moved = true;
    return s;
  });
  return moved ? { questionnaire: { ...q, items }, path: [...parent, idx + delta] } : { questionnaire: q, path };
}

/**
 * Inserts an item after `path` (at the end of the root list when `path` is null; inside a group when
 * `path` points at a group and `inside` is true).
 * @returns the new questionnaire and the inserted item's path
 */
export function insertItem(q: Questionnaire, path: ItemPath | null, item: Item, inside = false): { questionnaire: Questionnaire; path: ItemPath } {
  if (path === null) return { questionnaire: { ...q, items: [...q.items, item] }, path: [q.items.length] };
  const target = itemAt(q, path);
  if (inside && target?.kind === 'group') {
    const at = target.items.length;
    return { questionnaire: replaceItem(q, path, { ...target, items: [...target.items, item] }), path: [...path, at] };
  }
  const parent = path.slice(0, -1);
  const idx = path[path.length - 1]! + 1;
  return { questionnaire: { ...q, items: mapSiblings(q.items, parent, (s) => [...s.slice(0, idx), item, ...s.slice(idx)]) }, path: [...parent, idx] };
}

/** All names used by variables and groups (for making a new unique one). */
export function usedNames(q: Questionnaire): Set<string> {
  return new Set(outline(q).map((r) => (r.item.kind === 'variable' ? r.item.variable.name : r.item.group.name).toLowerCase()));
}

/** The first of `base`, `base_2`, `base_3`, … not used (ignoring case) in `taken`. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`.toLowerCase())) return `${base}_${i}`;
}

/** A new, empty variable of a type. */
export function newVariable(name: string, type: Variable['type'] = 'single'): Variable {
  return { name, type, label: {}, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false };
}

/** A new, empty group. */
export function newGroup(name: string): Group {
  return { name, label: {}, hint: {} };
}

/**
 * A new, empty questionnaire with one language and the project's default missing codes.
 * @param title the title (e.g. the project title)
 * @param language the default language as written in XLSForm, e.g. "Nederlands (nl)"
 */
export function newQuestionnaire(title: string, language: string): Questionnaire {
  return { id: 'vragenlijst', title, version: '1', languages: [language], defaultLanguage: language, items: [], lists: [], missingDefaults: defaultMissing(language) };
}

/**
 * Replaces (or adds) a choice list.
 * @returns a new questionnaire
 */
export function putList(q: Questionnaire, list: ChoiceList): Questionnaire {
  return findList(q, list.name) ? { ...q, lists: q.lists.map((l) => (l.name === list.name ? list : l)) } : { ...q, lists: [...q.lists, list] };
}

/** How many variables use a list. */
export function listUsers(q: Questionnaire, listName: string): number {
  return placedVariables(q).filter((p) => p.variable.listName === listName).length;
}

/**
 * Drops choice lists no variable uses any more.
 * @returns a new questionnaire (the same object when nothing changed)
 */
export function pruneLists(q: Questionnaire): Questionnaire {
  const used = new Set(placedVariables(q).map((p) => p.variable.listName).filter((n): n is string => n !== undefined));
  const lists = q.lists.filter((l) => used.has(l.name));
  return lists.length === q.lists.length ? q : { ...q, lists };
}
