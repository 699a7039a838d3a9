// The questionnaire model: variables, groups, choice lists, missing codes — the one definition every stage reads.
import { assertNever } from './errors';

/** Text per language, keyed by the language name as written in XLSForm (e.g. "Nederlands (nl)"). Only non-empty texts are stored. */
export type LangText = Readonly<Record<string, string>>;

/** Kinds of variable. `single`/`multiple` are XLSForm select_one/select_multiple; `calculated` is XLSForm calculate. */
export const VARIABLE_TYPES = ['single', 'multiple', 'integer', 'decimal', 'text', 'date', 'calculated', 'note'] as const;
/** One of {@link VARIABLE_TYPES}. */
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** One answer option of a choice list: the code printed on the paper form and its label per language. */
export interface Choice {
  /** Code as printed on paper and stored in the data (e.g. "1", "97"). */
  code: string;
  label: LangText;
  /** Unrecognised choices-sheet columns (e.g. filter columns), header → value, kept for the round trip. */
  extra?: Readonly<Record<string, string>>;
}

/** A named list of options (XLSForm `list_name`). */
export interface ChoiceList {
  name: string;
  choices: readonly Choice[];
}

/** A user-missing code (e.g. 8 = weet niet, 9 = geen antwoord) with its label. */
export interface MissingCode {
  code: string;
  label: LangText;
}

/** Inclusive valid range of a numeric variable; either end may be open. */
export interface ValueRange {
  min?: number;
  max?: number;
}

/** One variable (one XLSForm survey row that is not a group marker). Expressions are kept as source text. */
export interface Variable {
  name: string;
  type: VariableType;
  /** Question text (XLSForm `label`) per language. */
  label: LangText;
  hint: LangText;
  /** Choice list name for `single`/`multiple`. */
  listName?: string;
  /** Digits after the decimal point for `decimal` (`veldwerk::decimals`). */
  decimals?: number;
  /** Maximum length for `text` (`veldwerk::max_length`). */
  maxLength?: number;
  /** Per-variable user-missing codes (`veldwerk::missing`); undefined = the questionnaire defaults apply. */
  missing?: readonly MissingCode[];
  /** Valid range for numbers; explicit (`veldwerk::range`) or read from a `. >= a and . <= b` constraint. */
  range?: ValueRange;
  required: boolean;
  /** Routing condition (XLSForm `relevant`). */
  relevant?: string;
  /** Hard check (XLSForm `constraint`) and its message. */
  constraint?: string;
  constraintMessage: LangText;
  /** Soft check (`veldwerk::soft_constraint`): a warning the operator may confirm. */
  softConstraint?: string;
  softConstraintMessage: LangText;
  /** Calculation for `calculated` variables (XLSForm `calculate`). */
  calculate?: string;
  appearance?: string;
  choiceFilter?: string;
  /** Identifying variable (name, e-mail, phone): never exported by default (`veldwerk::identifier`). */
  identifier: boolean;
  /** Keying width in digits per code (`veldwerk::width`); undefined = derived ({@link keyingWidth}). */
  width?: number;
  /** Question number on the paper form, e.g. "12a" (`veldwerk::number`). */
  number?: string;
  /** Unrecognised survey-sheet columns, header → value, kept for the round trip. */
  extra?: Readonly<Record<string, string>>;
}

/** A group/section (XLSForm begin_group … end_group). */
export interface Group {
  name: string;
  label: LangText;
  hint: LangText;
  relevant?: string;
  appearance?: string;
  number?: string;
  extra?: Readonly<Record<string, string>>;
}

/** An entry of the questionnaire body in paper order: a variable, or a group with its own items. */
export type Item = { kind: 'variable'; variable: Variable } | { kind: 'group'; group: Group; items: readonly Item[] };

/** Project-wide default user-missing codes: one set for lists with one-digit codes, one for two-digit lists. */
export interface MissingDefaults {
  oneDigit: readonly MissingCode[];
  twoDigit: readonly MissingCode[];
}

/** The questionnaire: the one definition read by entry, checks, cleaning, weighting, export and the paper form. */
export interface Questionnaire {
  /** Form id (XLSForm settings `form_id`). */
  id: string;
  title: string;
  version: string;
  /** Languages in column order; the default language is one of them. */
  languages: readonly string[];
  defaultLanguage: string;
  items: readonly Item[];
  lists: readonly ChoiceList[];
  missingDefaults: MissingDefaults;
  /** Unrecognised settings columns, header → value. */
  settingsExtra?: Readonly<Record<string, string>>;
}

/** The default user-missing labels per language (base code, lower case); languages not listed get the Dutch ones. */
const MISSING_LABELS: Readonly<Record<string, { dontKnow: string; noAnswer: string }>> = {
  nl: { dontKnow: 'Weet niet', noAnswer: 'Geen antwoord' },
  en: { dontKnow: "Don't know", noAnswer: 'No answer' },
};

/**
 * The base language code of a questionnaire language, lower case: the code in brackets at the end of an XLSForm
 * language name ("English (en)" → "en", "Nederlands (nl)" → "nl"), else the name's part before "-" or "_"
 * ("en-GB" → "en", "nl" → "nl").
 */
export function languageCode(language: string): string {
  const bracketed = /\(([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\)\s*$/.exec(language);
  return (bracketed ? bracketed[1]! : language.trim().split(/[-_\s]/)[0] ?? '').toLowerCase();
}

/**
 * The project defaults for user-missing codes: 8 = weet niet, 9 = geen antwoord; 98/99 for two-digit lists
 * (Monitor coding conventions, shared/monitor/README.md). Each label is given in the default language, in every
 * language of the questionnaire and in English (so an English UI or form shows "Don't know"/"No answer" even when
 * the questionnaire has no English labels of its own); English languages ("en", "en-GB", "English (en)", see
 * {@link languageCode}) get the English text, all others the Dutch text.
 * @param language the questionnaire's default language
 * @param languages the questionnaire's languages (default: just `language`)
 */
export function defaultMissing(language: string, languages: readonly string[] = [language]): MissingDefaults {
  const langs = [...new Set([language, ...languages, 'en'])];
  const label = (which: 'dontKnow' | 'noAnswer'): LangText =>
    Object.fromEntries(langs.map((l) => [l, (MISSING_LABELS[languageCode(l)] ?? MISSING_LABELS.nl!)[which]]));
  return {
    oneDigit: [
      { code: '8', label: label('dontKnow') },
      { code: '9', label: label('noAnswer') },
    ],
    twoDigit: [
      { code: '98', label: label('dontKnow') },
      { code: '99', label: label('noAnswer') },
    ],
  };
}

/** A variable with where it sits: its index in paper order and the groups around it (outermost first). */
export interface PlacedVariable {
  variable: Variable;
  index: number;
  groups: readonly Group[];
}

/**
 * All variables in paper order with their enclosing groups.
 * @param q the questionnaire
 * @returns one entry per variable, `index` counting from 0 in paper order
 */
export function placedVariables(q: Questionnaire): PlacedVariable[] {
  const out: PlacedVariable[] = [];
  const walk = (items: readonly Item[], groups: readonly Group[]): void => {
    for (const it of items) {
      switch (it.kind) {
        case 'variable':
          out.push({ variable: it.variable, index: out.length, groups });
          break;
        case 'group':
          walk(it.items, [...groups, it.group]);
          break;
        default:
          assertNever(it, 'item');
      }
    }
  };
  walk(q.items, []);
  return out;
}

/**
 * All variables in paper order.
 * @param q the questionnaire
 */
export function variablesOf(q: Questionnaire): Variable[] {
  return placedVariables(q).map((p) => p.variable);
}

/** One node of the pre-order walk: a group (at its begin_group) or a variable, with its nesting depth. */
export type FlatItem = { kind: 'variable'; variable: Variable; depth: number } | { kind: 'group'; group: Group; depth: number };

/**
 * Items in pre-order (a group before its content), the order of XLSForm survey rows without the end_group rows.
 * Indices into this list are what {@link QuestionnaireProblem} item targets refer to.
 * @param q the questionnaire
 */
export function flatItems(q: Questionnaire): FlatItem[] {
  const out: FlatItem[] = [];
  const walk = (items: readonly Item[], depth: number): void => {
    for (const it of items) {
      if (it.kind === 'variable') out.push({ kind: 'variable', variable: it.variable, depth });
      else {
        out.push({ kind: 'group', group: it.group, depth });
        walk(it.items, depth + 1);
      }
    }
  };
  walk(q.items, 0);
  return out;
}

/**
 * Looks up a variable by name (exact, then ignoring case).
 * @returns the variable or undefined
 */
export function findVariable(q: Questionnaire, name: string): Variable | undefined {
  const all = variablesOf(q);
  return all.find((v) => v.name === name) ?? all.find((v) => v.name.toLowerCase() === name.toLowerCase());
}

/**
 * Looks up a choice list by name.
 * @returns the list or undefined
 */
export function findList(q: Questionnaire, name: string): ChoiceList | undefined {
  return q.lists.find((l) => l.name === name);
}

/** True for a list whose codes need two digits (any code of two or more characters). */
export function isTwoDigitList(list: ChoiceList): boolean {
  return list.choices.some((c) => c.code.length >= 2);
}

/**
 * The user-missing codes in force for a variable: its own override, else for choice variables the project
 * defaults (two-digit set for lists with two-digit codes), else none. Numbers, texts and dates get user-missing
 * codes only by override, because a default such as 8 could be a valid number.
 * @returns the codes (possibly empty)
 */
export function userMissingCodes(q: Questionnaire, v: Variable): readonly MissingCode[] {
  if (v.missing) return v.missing;
  if ((v.type === 'single' || v.type === 'multiple') && v.listName !== undefined) {
    const list = findList(q, v.listName);
    const defaults = localizedMissingDefaults(q.missingDefaults);
    return list && isTwoDigitList(list) ? defaults.twoDigit : defaults.oneDigit;
  }
  return [];
}

const localizedDefaults = new WeakMap<MissingDefaults, MissingDefaults>();

/**
 * The project's default user-missing codes with each label in its own language. Projects created before
 * {@link languageCode} read "English (en)" stored the Dutch default text under their English language
 * ("English (en)": "Geen antwoord"); such a label — exactly the Dutch default text under a language that has
 * default texts of its own — reads as that language's default text ("No answer"). Other labels stay as stored.
 * @returns `md` itself when nothing needed changing (cached per object)
 */
export function localizedMissingDefaults(md: MissingDefaults): MissingDefaults {
  const hit = localizedDefaults.get(md);
  if (hit) return hit;
  const nl = MISSING_LABELS.nl!;
  let changed = false;
  const fix = (codes: readonly MissingCode[]): readonly MissingCode[] =>
    codes.map((m) => {
      let label: Record<string, string> | null = null;
      for (const [lang, text] of Object.entries(m.label)) {
        const own = MISSING_LABELS[languageCode(lang)];
        if (!own || own === nl) continue;
        const which = text === nl.dontKnow ? 'dontKnow' : text === nl.noAnswer ? 'noAnswer' : null;
        if (which === null || own[which] === text) continue;
        (label ??= { ...m.label })[lang] = own[which];
      }
      if (!label) return m;
      changed = true;
      return { ...m, label };
    });
  const fixed = { oneDigit: fix(md.oneDigit), twoDigit: fix(md.twoDigit) };
  const out = changed ? fixed : md;
  localizedDefaults.set(md, out);
  return out;
}

/** A value label of a variable: code, label per language and whether the code is user-missing. */
export interface ValueLabel {
  code: string;
  label: LangText;
  missing: boolean;
}

/**
 * Value labels of a variable for the codebook, the paper form and export: the list's codes in list order,
 * then the user-missing codes not already in the list. Empty for non-choice variables without missing codes.
 */
export function valueLabels(q: Questionnaire, v: Variable): ValueLabel[] {
  const missing = userMissingCodes(q, v);
  const isMissing = new Set(missing.map((m) => m.code));
  const out: ValueLabel[] = [];
  const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
  if (list) for (const c of list.choices) out.push({ code: c.code, label: c.label, missing: isMissing.has(c.code) });
  const seen = new Set(out.map((o) => o.code));
  for (const m of missing) if (!seen.has(m.code)) out.push({ code: m.code, label: m.label, missing: true });
  return out;
}

/**
 * The data columns a variable is stored and exported as: its own name, or for a multiple choice one 0/1 column
 * per option, `<name>_<code>` (e.g. `kanaal_3`). Notes have no column.
 */
export function dataColumns(q: Questionnaire, v: Variable): string[] {
  switch (v.type) {
    case 'note':
      return [];
    case 'multiple': {
      const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
      return (list?.choices ?? []).map((c) => `${v.name}_${c.code}`);
    }
    case 'single':
    case 'integer':
    case 'decimal':
    case 'text':
    case 'date':
    case 'calculated':
      return [v.name];
    default:
      return assertNever(v.type, 'variable type');
  }
}

/**
 * Digits an operator types for one code of this variable: the explicit `width`, else the longest code
 * (including user-missing codes) for choices, the digits of the range bounds for integers, 10 for dates
 * (YYYY-MM-DD), 0 for notes and calculations, the max length for text (default 255).
 */
export function keyingWidth(q: Questionnaire, v: Variable): number {
  if (v.width !== undefined) return v.width;
  switch (v.type) {
    case 'single':
    case 'multiple':
      return Math.max(1, ...valueLabels(q, v).map((l) => l.code.length));
    case 'integer':
    case 'decimal': {
      const bounds = [v.range?.min, v.range?.max].filter((x): x is number => x !== undefined);
      const w = bounds.length > 0 ? Math.max(...bounds.map((b) => String(Math.trunc(Math.abs(b))).length + (b < 0 ? 1 : 0))) : 4;
      const dec = v.type === 'decimal' ? (v.decimals ?? 2) : 0;
      return Math.max(w, ...userMissingCodes(q, v).map((m) => m.code.length)) + (dec > 0 ? dec + 1 : 0);
    }
    case 'date':
      return 10;
    case 'text':
      return v.maxLength ?? 255;
    case 'note':
    case 'calculated':
      return 0;
    default:
      return assertNever(v.type, 'variable type');
  }
}

/** True if the variable is keyed by an operator (not a note and not a calculation). */
export function isEnterable(v: Variable): boolean {
  return v.type !== 'note' && v.type !== 'calculated';
}

/** Text in the wanted language, else the default language, else any language, else ''. */
export function textIn(t: LangText, language: string, defaultLanguage?: string): string {
  return t[language] ?? (defaultLanguage !== undefined ? t[defaultLanguage] : undefined) ?? Object.values(t)[0] ?? '';
}
