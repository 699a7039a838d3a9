// XLSForm reader: sheets of cells → questionnaire; every problem located by sheet, row, column and value.

import { DomainError, assertNever, type ErrorIssue } from '../domain/errors';
import type { QuestionnaireProblem } from '../domain/problems';
import {
  defaultMissing,
  flatItems,
  type Choice,
  type ChoiceList,
  type Group,
  type Item,
  type LangText,
  type MissingCode,
  type Questionnaire,
  type ValueRange,
  type Variable,
  type VariableType,
} from '../domain/questionnaire';
import type { Expr } from '../expr/ast';
import { validateQuestionnaire } from '../expr/check';
import { tryParse } from '../expr/parser';
import { CHOICE_COLUMNS, SETTINGS_COLUMNS, SURVEY_COLUMNS, TRANSLATABLE, parseHeader } from './columns';
import { cellText, columnLetter, type Cell, type SheetRows, type WorkbookRows } from './sheets';

/** The result of a successful read: the questionnaire and the warnings (never errors). */
export interface ReadResult {
  questionnaire: Questionnaire;
  warnings: ErrorIssue[];
}

/** Options of {@link readXlsform}. */
export interface ReadOptions {
  /** Form id when the settings sheet has none (e.g. the file name without extension). */
  defaultId?: string;
}

/** Metadata types ODK fills in by itself; they have no place on a paper form and are skipped with a warning. */
const METADATA_TYPES = new Set(['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'email', 'audit', 'start-geopoint', 'background-audio']);
const UNSUPPORTED_TYPES = new Set(['begin_repeat', 'end_repeat', 'geopoint', 'geotrace', 'geoshape', 'image', 'audio', 'video', 'file', 'barcode', 'time', 'datetime', 'range', 'rank', 'acknowledge', 'hidden', 'xml-external', 'select_one_from_file', 'select_multiple_from_file', 'trigger']);
const SIMPLE_TYPES: Readonly<Record<string, VariableType>> = {
  integer: 'integer',
  int: 'integer',
  decimal: 'decimal',
  text: 'text',
  string: 'text',
  date: 'date',
  calculate: 'calculated',
  note: 'note',
};
const YES = new Set(['yes', 'true', 'true()', '1', 'y', 'ja']);
const NO = new Set(['', 'no', 'false', 'false()', '0', 'n', 'nee']);

/** Column index per (base, language) in a sheet, after merging untagged columns into the default language. */
interface ColumnMap {
  sheet: string;
  /** base → language ('' for non-translatable) → column indexes (several if an untagged and a tagged one merge). */
  cols: Map<string, Map<string, number[]>>;
  /** Unknown columns: header text → index. */
  extra: Map<string, number>;
}

/**
 * Reads an XLSForm (survey, choices, settings sheets) into a questionnaire.
 *
 * Tolerated: headers and type names in any letter case with stray spaces (`Label :: English (en)`,
 * `Select_One list`, `begin group`); blank rows anywhere, including long runs; an untagged `label`/`hint`
 * column next to tagged ones is the default language (settings `default_language`, else a language named
 * "default"); cells already converted to plain text (rich text joined, formulas by cached value).
 * Refused (all reported at once, nothing created): an unknown or unsupported type, a missing or empty name,
 * names breaking the rules or duplicated (also when differing only in case), a select list that does not exist,
 * a duplicate code within a list, a space in a code of a multiple-choice list, an unknown `${name}`, a syntax
 * or type error in an expression, a cycle among calculations, bad `required`/Veldwerk column values, unbalanced
 * groups. Sources: XLSForm spec (https://xlsform.org/en/), pyxform behaviour for aliases.
 * @param book the sheets as rows of cells
 * @param opts defaults
 * @returns the questionnaire and warnings (located like errors)
 * @throws DomainError QUESTIONNAIRE_INVALID whose `issues` list every error with file, sheet, row, column, value
 */
export function readXlsform(book: WorkbookRows, opts: ReadOptions = {}): ReadResult {
  const errors: ErrorIssue[] = [];
  const warnings: ErrorIssue[] = [];
  const file = book.file;
  const issue = (sheet: string, row: number | undefined, col: number | undefined, value: string | undefined, message: string): ErrorIssue => ({
    ...(file !== undefined ? { file } : {}),
    sheet,
    ...(row !== undefined ? { row } : {}),
    ...(col !== undefined ? { column: columnLetter(col) } : {}),
    ...(value !== undefined ? { value } : {}),
    message,
  });
  const findSheet = (name: string): SheetRows | undefined => book.sheets.find((s) => s.name.trim().toLowerCase() === name);
  const survey = findSheet('survey');
  const choices = findSheet('choices');
  const settings = findSheet('settings');
  if (!survey) {
    throw new DomainError('QUESTIONNAIRE_INVALID', 'the XLSForm has no survey sheet', [issue('survey', undefined, undefined, undefined, `no sheet named 'survey' (found: ${book.sheets.map((s) => s.name).join(', ') || 'none'})`)]);
  }

  // Settings first: the default language decides where untagged columns go.
  const settingsMap = settings ? mapColumns(settings, SETTINGS_COLUMNS, errors, issue) : undefined;
  const settingsRowIdx = settings ? settings.rows.findIndex((r, i) => i > 0 && !isBlank(r)) : -1;
  const settingsRow = settings && settingsRowIdx > 0 ? settings.rows[settingsRowIdx] : undefined;
  const setting = (base: string): string => (settingsMap && settingsRow ? get(settingsRow, settingsMap, base, '') : '');
  const surveyMap = mapColumns(survey, SURVEY_COLUMNS, errors, issue);
  const choiceMap = choices ? mapColumns(choices, CHOICE_COLUMNS, errors, issue) : undefined;
  for (const [m, sheet] of [[surveyMap, 'survey'], [choiceMap, 'choices']] as const) {
    if (!m) continue;
    for (const req of sheet === 'survey' ? ['type', 'name'] : ['list_name', 'name']) {
      if (!m.cols.has(req)) errors.push(issue(sheet, 1, undefined, undefined, `the ${sheet} sheet has no '${req}' column`));
    }
  }

  // Languages: order of first appearance in translatable headers; untagged → default language.
  const tagged: string[] = [];
  let hasUntagged = false;
  for (const m of [surveyMap, choiceMap]) {
    if (!m) continue;
    for (const [base, langs] of m.cols) {
      if (!TRANSLATABLE.has(base)) continue;
      for (const l of langs.keys()) {
        if (l === '') hasUntagged = true;
        else if (!tagged.some((t) => t.toLowerCase() === l.toLowerCase())) tagged.push(l);
      }
    }
  }
  const declared = setting('default_language');
  const defaultLanguage = declared !== '' ? (tagged.find((t) => t.toLowerCase() === declared.toLowerCase()) ?? declared) : hasUntagged ? 'default' : (tagged[0] ?? 'default');
  // Order of first appearance, an untagged column counting as the default language where it stands.
  const languages: string[] = [];
  for (const m of [surveyMap, choiceMap]) {
    if (!m) continue;
    const cols = [...m.cols].filter(([base]) => TRANSLATABLE.has(base)).flatMap(([, langs]) => [...langs].map(([l, idx]) => ({ l, at: idx[0] ?? 0 })));
    cols.sort((x, y) => x.at - y.at);
    for (const { l } of cols) {
      const lang = l === '' || l.toLowerCase() === defaultLanguage.toLowerCase() ? defaultLanguage : (tagged.find((t) => t.toLowerCase() === l.toLowerCase()) ?? l);
      if (!languages.includes(lang)) languages.push(lang);
    }
  }
  if (languages.length === 0) languages.push(defaultLanguage);
  for (const m of [surveyMap, choiceMap]) if (m) mergeUntagged(m, defaultLanguage, tagged);

  const langText = (row: readonly Cell[], m: ColumnMap, base: string, rowNo: number): LangText => {
    const out: Record<string, string> = {};
    for (const [lang, idxs] of m.cols.get(base) ?? []) {
      let val = '';
      for (const i of idxs) {
        const t = cellText(row[i]);
        if (t === '') continue;
        if (val !== '' && val !== t) errors.push(issue(m.sheet, rowNo, i, t, `${base} in ${lang} is given twice with different text ('${val}' and '${t}')`));
        else val = t;
      }
      if (val !== '') out[lang] = val;
    }
    return out;
  };
  const col = (m: ColumnMap, base: string): number | undefined => m.cols.get(base)?.get('')?.[0] ?? [...(m.cols.get(base)?.values() ?? [])][0]?.[0];

  // ---- choices
  const lists: ChoiceList[] = [];
  const choiceRows = new Map<string, number[]>();
  if (choices && choiceMap) {
    const byName = new Map<string, Choice[]>();
    choices.rows.forEach((row, i) => {
      if (i === 0 || isBlank(row)) return;
      const rowNo = i + 1;
      const listName = get(row, choiceMap, 'list_name', '');
      const code = get(row, choiceMap, 'name', '');
      if (listName === '') {
        errors.push(issue('choices', rowNo, col(choiceMap, 'list_name'), code, 'choice without a list_name'));
        return;
      }
      let list = byName.get(listName);
      if (!list) {
        list = [];
        byName.set(listName, list);
        lists.push({ name: listName, choices: list });
        choiceRows.set(listName, []);
      }
      const extra = extras(row, choiceMap);
      list.push({ code, label: langText(row, choiceMap, 'label', rowNo), ...(extra ? { extra } : {}) });
      choiceRows.get(listName)!.push(rowNo);
    });
  }

  // ---- survey
  const rootItems: Item[] = [];
  const stack: { group: Group; items: Item[]; row: number }[] = [];
  const itemRows: number[] = [];
  const current = (): Item[] => stack[stack.length - 1]?.items ?? rootItems;
  const typeCol = col(surveyMap, 'type');
  const nameCol = col(surveyMap, 'name');
  survey.rows.forEach((row, i) => {
    if (i === 0 || isBlank(row)) return;
    const rowNo = i + 1;
    const rawType = get(row, surveyMap, 'type', '');
    const type = rawType.toLowerCase().replace(/\s+/g, ' ');
    const name = get(row, surveyMap, 'name', '');
    const g = (base: string): string => get(row, surveyMap, base, '');
    const at = (base: string): number | undefined => col(surveyMap, base);
    if (type === '') {
      errors.push(issue('survey', rowNo, typeCol, '', `row has no type${name ? ` (name '${name}')` : ''}`));
      return;
    }
    const kw = type.replace(/^(begin|end|select) /, '$1_').replace(/^select_(one|multiple) /, 'select_$1 ');
    if (kw === 'begin_group') {
      const group: Group = {
        name,
        label: langText(row, surveyMap, 'label', rowNo),
        hint: langText(row, surveyMap, 'hint', rowNo),
        ...opt('relevant', g('relevant')),
        ...opt('appearance', g('appearance')),
        ...opt('number', g('veldwerk::number')),
        ...optExtra(extras(row, surveyMap)),
      };
      if (name === '') errors.push(issue('survey', rowNo, nameCol, '', 'begin_group has no name'));
      const items: Item[] = [];
      current().push({ kind: 'group', group, items });
      itemRows.push(rowNo);
      stack.push({ group, items, row: rowNo });
      return;
    }
    if (kw === 'end_group') {
      const open = stack.pop();
      if (!open) errors.push(issue('survey', rowNo, typeCol, rawType, 'end_group without a matching begin_group'));
      else if (name !== '' && name !== open.group.name) errors.push(issue('survey', rowNo, nameCol, name, `end_group '${name}' closes group '${open.group.name}' (opened on row ${open.row})`));
      return;
    }
    let vtype: VariableType | undefined;
    let listName: string | undefined;
    const sel = /^select_(one|multiple) +(\S+)$/.exec(kw);
    if (sel) {
      vtype = sel[1] === 'one' ? 'single' : 'multiple';
      // the list name keeps its letter case
      listName = rawType.trim().split(/\s+/).pop() ?? sel[2]!;
    } else if (/ or_other$/.test(kw)) {
      errors.push(issue('survey', rowNo, typeCol, rawType, "'or_other' is not supported; add an 'anders' code and a text question"));
      return;
    } else vtype = SIMPLE_TYPES[kw];
    if (!vtype) {
      const head = kw.split(' ')[0] ?? kw;
      if (METADATA_TYPES.has(kw)) warnings.push(issue('survey', rowNo, typeCol, rawType, `metadata type '${rawType}' is not used on paper and is skipped`));
      else if (UNSUPPORTED_TYPES.has(head)) errors.push(issue('survey', rowNo, typeCol, rawType, `type '${rawType}' is not supported`));
      else if (/^select_(one|multiple)$/.test(kw)) errors.push(issue('survey', rowNo, typeCol, rawType, `type '${rawType}' needs a list name`));
      else errors.push(issue('survey', rowNo, typeCol, rawType, `unknown type '${rawType}'`));
      return;
    }
    if (name === '') {
      errors.push(issue('survey', rowNo, nameCol, '', `${rawType} has no name`));
      return;
    }
    const flag = (base: string): boolean => {
      const raw = g(base);
      const v = raw.toLowerCase();
      if (YES.has(v)) return true;
      if (!NO.has(v)) errors.push(issue('survey', rowNo, at(base), raw, `${base} must be yes or no`));
      return false;
    };
    const whole = (base: string): number | undefined => {
      const raw = g(base);
      if (raw === '') return undefined;
      if (!/^\d+$/.test(raw)) {
        errors.push(issue('survey', rowNo, at(base), raw, `${base} must be a whole number ≥ 0`));
        return undefined;
      }
      return Number(raw);
    };
    const constraint = g('constraint');
    const rangeRaw = g('veldwerk::range');
    let range: ValueRange | undefined;
    if (rangeRaw !== '') {
      range = parseRange(rangeRaw);
      if (!range) errors.push(issue('survey', rowNo, at('veldwerk::range'), rangeRaw, "range must be written 'min..max' (either end may be left out)"));
    } else if ((vtype === 'integer' || vtype === 'decimal') && constraint !== '') range = rangeFromConstraint(constraint);
    const missingRaw = g('veldwerk::missing');
    let missing: MissingCode[] | undefined;
    if (missingRaw !== '') {
      missing = parseMissing(missingRaw, defaultLanguage);
      if (!missing) errors.push(issue('survey', rowNo, at('veldwerk::missing'), missingRaw, "missing codes must be written 'code=label; code=label' or 'none'"));
    }
    const decimals = whole('veldwerk::decimals');
    const maxLength = whole('veldwerk::max_length');
    const width = whole('veldwerk::width');
    const v: Variable = {
      name,
      type: vtype,
      label: langText(row, surveyMap, 'label', rowNo),
      hint: langText(row, surveyMap, 'hint', rowNo),
      ...(listName !== undefined ? { listName } : {}),
      ...(decimals !== undefined ? { decimals } : {}),
      ...(maxLength !== undefined ? { maxLength } : {}),
      ...(missing ? { missing } : {}),
      ...(range ? { range } : {}),
      required: flag('required'),
      ...opt('relevant', g('relevant')),
      ...opt('constraint', constraint),
      constraintMessage: langText(row, surveyMap, 'constraint_message', rowNo),
      ...opt('softConstraint', g('veldwerk::soft_constraint')),
      softConstraintMessage: langText(row, surveyMap, 'veldwerk::soft_constraint_message', rowNo),
      ...opt('calculate', g('calculate')),
      ...opt('appearance', g('appearance')),
      ...opt('choiceFilter', g('choice_filter')),
      identifier: flag('veldwerk::identifier'),
      ...(width !== undefined ? { width } : {}),
      ...opt('number', g('veldwerk::number')),
      ...optExtra(extras(row, surveyMap)),
    };
    current().push({ kind: 'variable', variable: v });
    itemRows.push(rowNo);
  });
  for (const open of stack) errors.push(issue('survey', open.row, typeCol, open.group.name, `group '${open.group.name}' is never closed (no end_group)`));

  // ---- settings
  const parseMissingSetting = (base: string): readonly MissingCode[] | undefined => {
    const raw = setting(base);
    if (raw === '') return undefined;
    const m = parseMissing(raw, defaultLanguage);
    if (!m) errors.push(issue('settings', settingsRowIdx + 1, settingsMap ? col(settingsMap, base) : undefined, raw, "missing codes must be written 'code=label; code=label' or 'none'"));
    return m;
  };
  const defaults = defaultMissing(defaultLanguage, languages);
  const oneDigit = parseMissingSetting('veldwerk::missing');
  const twoDigit = parseMissingSetting('veldwerk::missing_two_digit');
  const settingsExtra = settingsMap && settingsRow ? extras(settingsRow, settingsMap) : undefined;
  const id = setting('form_id') || opts.defaultId || 'questionnaire';
  const questionnaire: Questionnaire = {
    id,
    title: setting('form_title') || id,
    version: setting('version'),
    languages,
    defaultLanguage,
    items: rootItems,
    lists,
    missingDefaults: { oneDigit: oneDigit ?? defaults.oneDigit, twoDigit: twoDigit ?? defaults.twoDigit },
    ...(settingsExtra ? { settingsExtra } : {}),
  };
  if (!choices && lists.length === 0 && flatItems(questionnaire).some((it) => it.kind === 'variable' && it.variable.listName !== undefined)) {
    errors.push(issue('choices', undefined, undefined, undefined, "the XLSForm has select questions but no 'choices' sheet"));
  }

  // ---- model checks, located back to rows and columns
  for (const p of validateQuestionnaire(questionnaire)) {
    const located = locate(p, surveyMap, choiceMap, itemRows, choiceRows, settingsRowIdx + 1, defaultLanguage, col);
    const iss = issue(located.sheet, located.row, located.col, p.value, p.span ? `${p.message} (at character ${p.span.start + 1})` : p.message);
    // An expression problem carries its key for the UI language (reason expr.<key>, params.at = 0-based position).
    const keyed: ErrorIssue = p.key !== undefined ? { ...iss, reason: `expr.${p.key}`, params: { ...p.params, ...(p.span ? { at: p.span.start } : {}) } } : iss;
    (p.severity === 'error' ? errors : warnings).push(keyed);
  }
  if (errors.length > 0) {
    const sorted = sortIssues(errors);
    throw new DomainError('QUESTIONNAIRE_INVALID', `the XLSForm has ${sorted.length} problem${sorted.length > 1 ? 's' : ''}`, sorted);
  }
  return { questionnaire, warnings: sortIssues(warnings) };
}

const SHEET_ORDER: Readonly<Record<string, number>> = { settings: 0, survey: 1, choices: 2 };

function sortIssues(xs: ErrorIssue[]): ErrorIssue[] {
  return xs
    .map((x, i) => ({ x, i }))
    .sort(
      (a, b) =>
        (SHEET_ORDER[a.x.sheet ?? ''] ?? 9) - (SHEET_ORDER[b.x.sheet ?? ''] ?? 9) ||
        (a.x.row ?? 0) - (b.x.row ?? 0) ||
        (a.x.column ?? '').length - (b.x.column ?? '').length ||
        (a.x.column ?? '').localeCompare(b.x.column ?? '') ||
        a.i - b.i,
    )
    .map((e) => e.x);
}

function locate(
  p: QuestionnaireProblem,
  survey: ColumnMap,
  choices: ColumnMap | undefined,
  itemRows: readonly number[],
  choiceRows: ReadonlyMap<string, number[]>,
  settingsRow: number,
  defaultLanguage: string,
  col: (m: ColumnMap, base: string) => number | undefined,
): { sheet: string; row?: number; col?: number } {
  const t = p.target;
  switch (t.kind) {
    case 'item': {
      const base = ['soft_constraint', 'missing', 'range', 'width', 'decimals', 'max_length', 'identifier', 'number'].includes(t.field) ? `veldwerk::${t.field}` : t.field;
      const c = survey.cols.get(base)?.get(defaultLanguage)?.[0] ?? col(survey, base);
      const row = itemRows[t.index];
      return { sheet: 'survey', ...(row !== undefined ? { row } : {}), ...(c !== undefined ? { col: c } : {}) };
    }
    case 'choice': {
      const c = choices ? (choices.cols.get(t.field)?.get(defaultLanguage)?.[0] ?? col(choices, t.field)) : undefined;
      const row = choiceRows.get(t.list)?.[t.index];
      return { sheet: 'choices', ...(row !== undefined ? { row } : {}), ...(c !== undefined ? { col: c } : {}) };
    }
    case 'settings':
      return { sheet: 'settings', row: settingsRow };
    default:
      return assertNever(t, 'problem target');
  }
}

function isBlank(row: readonly Cell[] | undefined): boolean {
  return !row || row.every((c) => cellText(c) === '');
}

function opt<K extends string>(key: K, value: string): { [P in K]?: string } {
  return (value !== '' ? { [key]: value } : {}) as { [P in K]?: string };
}

function optExtra(extra: Record<string, string> | undefined): { extra?: Record<string, string> } {
  return extra ? { extra } : {};
}

function mapColumns(
  sheet: SheetRows,
  known: ReadonlySet<string>,
  errors: ErrorIssue[],
  issue: (sheet: string, row: number | undefined, col: number | undefined, value: string | undefined, message: string) => ErrorIssue,
): ColumnMap {
  const name = sheet.name.trim().toLowerCase();
  const m: ColumnMap = { sheet: name, cols: new Map(), extra: new Map() };
  const header = sheet.rows[0] ?? [];
  const seen = new Map<string, number>();
  header.forEach((cell, i) => {
    const raw = cellText(cell);
    if (raw === '') return;
    const h = parseHeader(raw);
    if (!known.has(h.base)) {
      if (m.extra.has(h.raw)) errors.push(issue(name, 1, i, raw, `column '${raw}' appears twice`));
      else m.extra.set(h.raw, i);
      return;
    }
    const lang = TRANSLATABLE.has(h.base) ? h.lang : '';
    const key = `${h.base}::${lang.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(issue(name, 1, i, raw, `column '${raw}' appears twice (also column ${columnLetter(first)})`));
      return;
    }
    seen.set(key, i);
    let byLang = m.cols.get(h.base);
    if (!byLang) m.cols.set(h.base, (byLang = new Map()));
    byLang.set(lang, [i]);
  });
  return m;
}

/** Moves untagged translatable columns into the default language (merging with a tagged column of that language). */
function mergeUntagged(m: ColumnMap, defaultLanguage: string, tagged: readonly string[]): void {
  for (const [base, byLang] of m.cols) {
    if (!TRANSLATABLE.has(base)) continue;
    const canon = new Map<string, number[]>();
    for (const [lang, idxs] of byLang) {
      const target = lang === '' ? defaultLanguage : (tagged.find((t) => t.toLowerCase() === lang.toLowerCase()) ?? lang);
      const name = target.toLowerCase() === defaultLanguage.toLowerCase() ? defaultLanguage : target;
      canon.set(name, [...(canon.get(name) ?? []), ...idxs].sort((a, b) => a - b));
    }
    m.cols.set(base, canon);
  }
}

function get(row: readonly Cell[], m: ColumnMap, base: string, lang: string): string {
  const idx = m.cols.get(base)?.get(lang)?.[0];
  return idx === undefined ? '' : cellText(row[idx]);
}

function extras(row: readonly Cell[], m: ColumnMap): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [h, i] of m.extra) {
    const t = cellText(row[i]);
    if (t !== '') (out ??= {})[h] = t;
  }
  return out;
}

/**
 * Parses `min..max` (either end optional, e.g. `1..500`, `..10`, `0..`).
 * @returns the range, or undefined if not of that form
 */
export function parseRange(s: string): ValueRange | undefined {
  const m = /^\s*(-?\d+(?:\.\d+)?)?\s*\.\.\s*(-?\d+(?:\.\d+)?)?\s*$/.exec(s);
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return { ...(m[1] !== undefined ? { min: Number(m[1]) } : {}), ...(m[2] !== undefined ? { max: Number(m[2]) } : {}) };
}

/**
 * The valid range a constraint states, when it is exactly `. >= a`, `. <= b` or both joined with `and`
 * (either side order). Anything else gives no range (the constraint is still checked as a hard check).
 * @param src constraint source
 */
export function rangeFromConstraint(src: string): ValueRange | undefined {
  const parsed = tryParse(src);
  if (!parsed.ok) return undefined;
  const bound = (e: Expr): ValueRange | undefined => {
    if (e.kind !== 'binary') return undefined;
    const num = (x: Expr): number | undefined => (x.kind === 'number' ? x.value : x.kind === 'negate' && x.arg.kind === 'number' ? -x.arg.value : undefined);
    if (e.left.kind === 'self') {
      const n = num(e.right);
      if (n === undefined) return undefined;
      return e.op === '>=' ? { min: n } : e.op === '<=' ? { max: n } : undefined;
    }
    if (e.right.kind === 'self') {
      const n = num(e.left);
      if (n === undefined) return undefined;
      return e.op === '<=' ? { min: n } : e.op === '>=' ? { max: n } : undefined;
    }
    return undefined;
  };
  const e = parsed.expr;
  if (e.kind === 'binary' && e.op === 'and') {
    const a = bound(e.left);
    const b = bound(e.right);
    if (!a || !b) return undefined;
    const min = a.min ?? b.min;
    const max = a.max ?? b.max;
    if ((a.min !== undefined && b.min !== undefined) || (a.max !== undefined && b.max !== undefined)) return undefined;
    return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  return bound(e);
}

/**
 * Parses a missing-code cell: `none` (no user-missing codes) or `code=label; code=label` (label optional).
 * @param s cell text
 * @param language language the labels are in
 * @returns the codes, or undefined if malformed
 */
export function parseMissing(s: string, language: string): MissingCode[] | undefined {
  if (s.trim().toLowerCase() === 'none') return [];
  const out: MissingCode[] = [];
  for (const part of s.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const code = (eq < 0 ? part : part.slice(0, eq)).trim();
    const label = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (code === '' || /\s/.test(code)) return undefined;
    out.push({ code, label: label !== '' ? { [language]: label } : {} });
  }
  return out.length > 0 ? out : undefined;
}
