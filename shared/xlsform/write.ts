// XLSForm writer: questionnaire → survey, choices and settings sheets as rows of text (the layout the reader reads).

import { assertNever } from '../domain/errors';
import { defaultMissing, type Item, type LangText, type MissingCode, type Questionnaire, type ValueRange, type Variable } from '../domain/questionnaire';
import { rangeFromConstraint } from './read';
import type { WorkbookRows } from './sheets';

type Row = string[];

/**
 * Writes a questionnaire as XLSForm sheets. Columns that no row uses are left out (except type, name, label);
 * texts per language go to `label::<language>` columns (the language "default" to an untagged column);
 * Veldwerk's extras go to `veldwerk::` columns; unknown columns read earlier are written back.
 * `readXlsform(writeXlsform(q))` gives `q` again (tested on the Monitor questionnaire).
 * @param q the questionnaire
 * @returns sheets survey, choices, settings; every cell a string
 */
export function writeXlsform(q: Questionnaire): WorkbookRows {
  const langs = q.languages;
  const tag = (base: string, lang: string): string => (lang === 'default' ? base : `${base}::${lang}`);

  // ---- survey
  type Getter = { header: string; get: (it: Item) => string };
  const flat: Item[] = [];
  const ends: Map<Item, true> = new Map();
  const walk = (items: readonly Item[]): void => {
    for (const it of items) {
      flat.push(it);
      if (it.kind === 'group') {
        walk(it.items);
        const end: Item = { kind: 'group', group: it.group, items: [] };
        ends.set(end, true);
        flat.push(end);
      }
    }
  };
  walk(q.items);
  const v = (it: Item): Variable | undefined => (it.kind === 'variable' ? it.variable : undefined);
  const text = (pick: (it: Item) => LangText | undefined, base: string): Getter[] =>
    langs.map((l) => ({ header: tag(base, l), get: (it: Item) => (ends.has(it) ? '' : (pick(it)?.[l] ?? '')) }));
  const field = (header: string, get: (it: Item) => string | undefined): Getter => ({ header, get: (it) => (ends.has(it) ? '' : (get(it) ?? '')) });
  const columns: Getter[] = [
    { header: 'type', get: (it) => (ends.has(it) ? 'end_group' : typeOf(it)) },
    { header: 'name', get: (it) => (it.kind === 'variable' ? it.variable.name : it.group.name) },
    ...text((it) => (it.kind === 'variable' ? it.variable.label : it.group.label), 'label'),
    ...text((it) => (it.kind === 'variable' ? it.variable.hint : it.group.hint), 'hint'),
    field('required', (it) => (v(it)?.required ? 'yes' : '')),
    field('relevant', (it) => (it.kind === 'variable' ? it.variable.relevant : it.group.relevant)),
    field('constraint', (it) => v(it)?.constraint),
    ...text((it) => v(it)?.constraintMessage, 'constraint_message'),
    field('calculate', (it) => v(it)?.calculate),
    field('appearance', (it) => (it.kind === 'variable' ? it.variable.appearance : it.group.appearance)),
    field('choice_filter', (it) => v(it)?.choiceFilter),
    field('veldwerk::soft_constraint', (it) => v(it)?.softConstraint),
    ...text((it) => v(it)?.softConstraintMessage, 'veldwerk::soft_constraint_message'),
    field('veldwerk::missing', (it) => {
      const m = v(it)?.missing;
      return m ? formatMissing(m, q.defaultLanguage) : undefined;
    }),
    field('veldwerk::range', (it) => {
      const x = v(it);
      if (!x?.range) return undefined;
      const implied = x.constraint !== undefined && (x.type === 'integer' || x.type === 'decimal') ? rangeFromConstraint(x.constraint) : undefined;
      return sameRange(x.range, implied) ? undefined : `${x.range.min ?? ''}..${x.range.max ?? ''}`;
    }),
    field('veldwerk::decimals', (it) => num(v(it)?.decimals)),
    field('veldwerk::max_length', (it) => num(v(it)?.maxLength)),
    field('veldwerk::identifier', (it) => (v(it)?.identifier ? 'yes' : '')),
    field('veldwerk::width', (it) => num(v(it)?.width)),
    field('veldwerk::number', (it) => (it.kind === 'variable' ? it.variable.number : it.group.number)),
  ];
  const surveyExtra = unionKeys(flat.map((it) => (it.kind === 'variable' ? it.variable.extra : it.group.extra)));
  for (const h of surveyExtra) columns.push(field(h, (it) => (it.kind === 'variable' ? it.variable.extra : it.group.extra)?.[h]));
  const always = new Set(['type', 'name', tag('label', q.defaultLanguage)]);
  const used = columns.filter((c) => always.has(c.header) || c.header.startsWith('label') || flat.some((it) => c.get(it) !== ''));
  const survey: Row[] = [used.map((c) => c.header), ...flat.map((it) => used.map((c) => c.get(it)))];

  // ---- choices
  const choiceExtra = unionKeys(q.lists.flatMap((l) => l.choices.map((c) => c.extra)));
  const choices: Row[] = [['list_name', 'name', ...langs.map((l) => tag('label', l)), ...choiceExtra]];
  for (const list of q.lists) {
    for (const c of list.choices) choices.push([list.name, c.code, ...langs.map((l) => c.label[l] ?? ''), ...choiceExtra.map((h) => c.extra?.[h] ?? '')]);
  }

  // ---- settings
  const defaults = defaultMissing(q.defaultLanguage, q.languages);
  const settings: [string, string][] = [
    ['form_title', q.title === q.id ? '' : q.title],
    ['form_id', q.id],
    ['version', q.version],
    ['default_language', q.defaultLanguage === 'default' ? '' : q.defaultLanguage],
    ['veldwerk::missing', sameMissing(q.missingDefaults.oneDigit, defaults.oneDigit) ? '' : formatMissing(q.missingDefaults.oneDigit, q.defaultLanguage)],
    ['veldwerk::missing_two_digit', sameMissing(q.missingDefaults.twoDigit, defaults.twoDigit) ? '' : formatMissing(q.missingDefaults.twoDigit, q.defaultLanguage)],
    ...Object.entries(q.settingsExtra ?? {}),
  ];
  const keep = settings.filter(([h, val]) => val !== '' || h === 'form_id');
  return {
    sheets: [
      { name: 'survey', rows: survey },
      { name: 'choices', rows: choices },
      { name: 'settings', rows: [keep.map(([h]) => h), keep.map(([, val]) => val)] },
    ],
  };
}

function typeOf(it: Item): string {
  if (it.kind === 'group') return 'begin_group';
  const x = it.variable;
  switch (x.type) {
    case 'single':
      return `select_one ${x.listName ?? ''}`;
    case 'multiple':
      return `select_multiple ${x.listName ?? ''}`;
    case 'calculated':
      return 'calculate';
    case 'integer':
    case 'decimal':
    case 'text':
    case 'date':
    case 'note':
      return x.type;
    default:
      return assertNever(x.type, 'variable type');
  }
}

function num(n: number | undefined): string | undefined {
  return n === undefined ? undefined : String(n);
}

function unionKeys(objs: readonly (Readonly<Record<string, string>> | undefined)[]): string[] {
  const out: string[] = [];
  for (const o of objs) for (const k of Object.keys(o ?? {})) if (!out.includes(k)) out.push(k);
  return out;
}

function sameRange(a: ValueRange, b: ValueRange | undefined): boolean {
  return b !== undefined && a.min === b.min && a.max === b.max;
}

/** Writes missing codes as `code=label; code=label` (labels in the default language) or `none`. */
export function formatMissing(codes: readonly MissingCode[], language: string): string {
  if (codes.length === 0) return 'none';
  return codes.map((m) => (m.label[language] ? `${m.code}=${m.label[language]}` : m.code)).join('; ');
}

function sameMissing(a: readonly MissingCode[], b: readonly MissingCode[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
