// Codebook diff between two questionnaires (versions or waves) and the label-only vs structural classification.

import { findList, placedVariables, userMissingCodes, type LangText, type Questionnaire, type Variable } from './questionnaire';

/**
 * How serious a change is for data already keyed:
 * `label` — wording only (labels, hints, messages, question numbers, order): old cases stay valid as they are;
 * `logic` — routing, checks, calculations, ranges, required, identifier, width: cases may need re-checking;
 * `structural` — variables added or removed, types or lists changed, codes or missing codes added or removed:
 * the data of old and new versions do not line up without a recode.
 */
export type ChangeKind = 'label' | 'logic' | 'structural';

/** One difference between two codebooks. */
export interface CodebookChange {
  kind: ChangeKind;
  /** Variable concerned (absent for questionnaire-level changes). */
  variable?: string;
  /** What changed, e.g. "code added", "label", "relevant". */
  what: string;
  before?: string;
  after?: string;
  /** One line for people, e.g. "kanaal: code 25 added (Via app)". */
  message: string;
}

/** The classification of a whole change: the worst kind found, or identical. */
export type ChangeClass = 'identical' | 'labelOnly' | 'logic' | 'structural';

/** Result of {@link diffCodebooks}. */
export interface CodebookDiff {
  classification: ChangeClass;
  changes: CodebookChange[];
}

const text = (t: LangText): string => JSON.stringify(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)));
const first = (t: LangText): string => Object.values(t)[0] ?? '';

/**
 * Compares two questionnaires variable by variable (matched by name ignoring case), in the order of `b`
 * then variables only in `a`.
 * @param a the old version (or earlier wave)
 * @param b the new version
 * @returns every change with its kind, and the overall classification
 */
export function diffCodebooks(a: Questionnaire, b: Questionnaire): CodebookDiff {
  const changes: CodebookChange[] = [];
  const add = (kind: ChangeKind, variable: string | undefined, what: string, message: string, before?: string, after?: string): void => {
    changes.push({ kind, ...(variable !== undefined ? { variable } : {}), what, message, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  };
  if (a.title !== b.title) add('label', undefined, 'title', `title changed from '${a.title}' to '${b.title}'`, a.title, b.title);
  const la = a.languages.join(', ');
  const lb = b.languages.join(', ');
  if (la !== lb) add('label', undefined, 'languages', `languages changed from ${la} to ${lb}`, la, lb);

  const va = placedVariables(a);
  const vb = placedVariables(b);
  const byName = new Map(va.map((p) => [p.variable.name.toLowerCase(), p]));
  const inB = new Set(vb.map((p) => p.variable.name.toLowerCase()));
  let lastIndex = -1;
  let orderChanged = false;
  for (const pb of vb) {
    const y = pb.variable;
    const pa = byName.get(y.name.toLowerCase());
    if (!pa) {
      add('structural', y.name, 'variable added', `${y.name}: variable added (${y.type})`, undefined, y.type);
      continue;
    }
    if (pa.index < lastIndex) orderChanged = true;
    lastIndex = pa.index;
    diffVariable(a, b, pa.variable, y, add);
  }
  for (const pa of va) {
    if (!inB.has(pa.variable.name.toLowerCase())) add('structural', pa.variable.name, 'variable removed', `${pa.variable.name}: variable removed`, pa.variable.type);
  }
  if (orderChanged) add('label', undefined, 'order', 'the order of the questions changed');
  const classification: ChangeClass = changes.some((c) => c.kind === 'structural')
    ? 'structural'
    : changes.some((c) => c.kind === 'logic')
      ? 'logic'
      : changes.length > 0
        ? 'labelOnly'
        : 'identical';
  return { classification, changes };
}

/**
 * Tells a label-only edit from one that changes logic or structure.
 * @returns the classification of {@link diffCodebooks}
 */
export function classifyChange(a: Questionnaire, b: Questionnaire): ChangeClass {
  return diffCodebooks(a, b).classification;
}

function diffVariable(
  qa: Questionnaire,
  qb: Questionnaire,
  x: Variable,
  y: Variable,
  add: (kind: ChangeKind, variable: string, what: string, message: string, before?: string, after?: string) => void,
): void {
  const n = y.name;
  if (x.name !== y.name) add('structural', n, 'name', `${x.name}: renamed to ${y.name} (letter case)`, x.name, y.name);
  if (x.type !== y.type) add('structural', n, 'type', `${n}: type changed from ${x.type} to ${y.type}`, x.type, y.type);
  const cmp = (kind: ChangeKind, what: string, p: string | undefined, q: string | undefined): void => {
    if ((p ?? '') !== (q ?? '')) add(kind, n, what, `${n}: ${what} changed from '${p ?? ''}' to '${q ?? ''}'`, p ?? '', q ?? '');
  };
  const cmpText = (what: string, p: LangText, q: LangText): void => {
    if (text(p) !== text(q)) add('label', n, what, `${n}: ${what} changed from '${first(p)}' to '${first(q)}'`, first(p), first(q));
  };
  cmpText('label', x.label, y.label);
  cmpText('hint', x.hint, y.hint);
  cmpText('constraint message', x.constraintMessage, y.constraintMessage);
  cmpText('soft check message', x.softConstraintMessage, y.softConstraintMessage);
  cmp('label', 'question number', x.number, y.number);
  cmp('label', 'appearance', x.appearance, y.appearance);
  cmp('structural', 'decimals', x.decimals?.toString(), y.decimals?.toString());
  cmp('structural', 'maximum length', x.maxLength?.toString(), y.maxLength?.toString());
  cmp('logic', 'relevant', x.relevant, y.relevant);
  cmp('logic', 'constraint', x.constraint, y.constraint);
  cmp('logic', 'soft constraint', x.softConstraint, y.softConstraint);
  cmp('logic', 'calculate', x.calculate, y.calculate);
  cmp('logic', 'choice filter', x.choiceFilter, y.choiceFilter);
  cmp('logic', 'required', String(x.required), String(y.required));
  cmp('logic', 'identifier', String(x.identifier), String(y.identifier));
  cmp('logic', 'keying width', x.width?.toString(), y.width?.toString());
  cmp('logic', 'range', x.range ? `${x.range.min ?? ''}..${x.range.max ?? ''}` : undefined, y.range ? `${y.range.min ?? ''}..${y.range.max ?? ''}` : undefined);

  const ma = userMissingCodes(qa, x).map((m) => m.code).join(' ');
  const mb = userMissingCodes(qb, y).map((m) => m.code).join(' ');
  if (ma !== mb) add('structural', n, 'missing codes', `${n}: user-missing codes changed from '${ma}' to '${mb}'`, ma, mb);

  const la = x.listName !== undefined ? findList(qa, x.listName) : undefined;
  const lb = y.listName !== undefined ? findList(qb, y.listName) : undefined;
  if (!la && !lb) return;
  const ca = new Map((la?.choices ?? []).map((c) => [c.code, c]));
  const cb = new Map((lb?.choices ?? []).map((c) => [c.code, c]));
  for (const [code, c] of cb) {
    const old = ca.get(code);
    if (!old) add('structural', n, 'code added', `${n}: code ${code} added (${first(c.label)})`, undefined, code);
    else if (text(old.label) !== text(c.label)) add('label', n, 'code label', `${n}: label of code ${code} changed from '${first(old.label)}' to '${first(c.label)}'`, first(old.label), first(c.label));
  }
  for (const [code, c] of ca) if (!cb.has(code)) add('structural', n, 'code removed', `${n}: code ${code} removed (${first(c.label)})`, code);
  const oa = [...ca.keys()].filter((k) => cb.has(k)).join(' ');
  const ob = [...cb.keys()].filter((k) => ca.has(k)).join(' ');
  if (oa !== ob) add('label', n, 'code order', `${n}: the order of the codes changed`, oa, ob);
}
