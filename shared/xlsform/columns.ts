// XLSForm column vocabulary: standard columns, Veldwerk's own columns, header normalisation.

/**
 * Veldwerk columns for what XLSForm lacks (documented in shared/xlsform/README.md):
 * missing codes, soft checks, identifier flag, keying width, question number, range, decimals, text length.
 */
export const VELDWERK_COLUMNS = [
  'veldwerk::missing',
  'veldwerk::soft_constraint',
  'veldwerk::soft_constraint_message',
  'veldwerk::identifier',
  'veldwerk::width',
  'veldwerk::number',
  'veldwerk::range',
  'veldwerk::decimals',
  'veldwerk::max_length',
] as const;

/** Survey columns the reader understands (after normalisation). */
export const SURVEY_COLUMNS = new Set<string>([
  'type', 'name', 'label', 'hint', 'required', 'relevant', 'constraint', 'constraint_message', 'calculate',
  'appearance', 'choice_filter', ...VELDWERK_COLUMNS,
]);

/** Columns that carry text per language (`label::Nederlands (nl)`). */
export const TRANSLATABLE = new Set<string>(['label', 'hint', 'constraint_message', 'veldwerk::soft_constraint_message']);

/** Choices columns the reader understands. */
export const CHOICE_COLUMNS = new Set<string>(['list_name', 'name', 'label']);

/** Settings columns the reader understands. */
export const SETTINGS_COLUMNS = new Set<string>(['form_title', 'form_id', 'version', 'default_language', 'veldwerk::missing', 'veldwerk::missing_two_digit']);

const ALIASES: Readonly<Record<string, string>> = {
  calculation: 'calculate',
  'constraint_message': 'constraint_message',
  'jr:constraintmsg': 'constraint_message',
  list: 'list_name',
  'list name': 'list_name',
  relevance: 'relevant',
};

/** A parsed header: its base column and language tag ('' = untagged). */
export interface Header {
  base: string;
  lang: string;
  raw: string;
}

/**
 * Normalises a header cell: trims, lower-cases the column part, turns inner spaces into underscores,
 * tolerates spaces around `::`, and splits off the language tag (kept as written, trimmed).
 * `veldwerk::x::Language` has base `veldwerk::x`.
 * @param raw the header cell text
 */
export function parseHeader(raw: string): Header {
  const parts = raw.split('::').map((p) => p.trim());
  let baseParts = 1;
  if ((parts[0] ?? '').toLowerCase() === 'veldwerk' && parts.length > 1) baseParts = 2;
  const base = parts
    .slice(0, baseParts)
    .map((p) => p.toLowerCase().replace(/\s+/g, '_'))
    .join('::');
  const lang = parts.slice(baseParts).join('::').replace(/\s+/g, ' ');
  const aliased = ALIASES[base] ?? ALIASES[base.replace(/_/g, ' ')] ?? base;
  return { base: aliased, lang, raw: raw.trim() };
}
