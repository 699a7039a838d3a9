// Population targets read from a table (CSV or worksheet): counts or percentages per category, crossed cells, located errors.
import { DomainError, type ErrorIssue } from '../domain/errors';
import { marginFromPercentages } from './targets';

/**
 * A table as read from a CSV file or a worksheet: header and rows of text cells, each with its line number in
 * the file (header = line 1 for a plain CSV). Structurally the same as the fieldwork frame table.
 */
export interface TargetsTable {
  file: string;
  sheet?: string;
  header: readonly string[];
  rows: readonly { row: number; cells: readonly (string | null)[] }[];
}

/** One category (or crossed cell) of a target margin. */
export interface TargetCategory {
  /** Code as written, components joined by `*` (e.g. `1` or `11*2`). */
  code: string;
  /** One integer code per variable of the margin. */
  codes: number[];
  label: string | null;
  /** Population count, or the percentage (scaled to sum to exactly 100) when the margin is in percentages. */
  value: number;
  /** File line of the row (header = line 1). */
  row: number;
}

/** The targets of one variable or crossing of variables within one group. */
export interface TargetMargin {
  /** Group (population) the margin belongs to; null when the file has no group column. */
  group: string | null;
  /** Variable as written: `laag` or `laag*geslacht`. */
  variable: string;
  /** The crossed variables, in order. */
  variables: string[];
  kind: 'count' | 'percent';
  categories: TargetCategory[];
  /** Σ of the values (a population total for counts; 100 for percentages). */
  total: number;
}

/** What a targets file holds. */
export interface ParsedTargets {
  file: string;
  sheet: string | null;
  /** Groups in file order (empty when the file has no group column). */
  groups: string[];
  margins: TargetMargin[];
  /** Notes on how the file was interpreted (e.g. percentages scaled to 100). */
  notes: string[];
  rows: number;
}

const VARIABLE_COLUMNS = ['variable', 'variabele'];
const CODE_COLUMNS = ['category_code', 'code', 'categorie', 'category'];
const LABEL_COLUMNS = ['category_label', 'label', 'categorie_label'];
const GROUP_COLUMNS = ['group', 'groep'];
const COUNT_COLUMNS = ['population_count', 'count', 'aantal', 'populatie'];
const PERCENT_COLUMNS = ['percentage', 'percent', 'pct', 'procent'];
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function findColumn(header: readonly string[], names: readonly string[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** Parses a number written with a decimal point or a decimal comma (no thousands separators); NaN otherwise. */
function parseNumber(s: string): number {
  const t = s.trim().replace(/\s+/g, '');
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t.replace(',', '.'));
}

/**
 * Reads population targets from a table in long format, one row per category (or crossed cell):
 * columns `variable` (a crossing written `a*b`), `category_code` (crossed codes `11*2`), either
 * `population_count` (counts) or `percentage` (per margin, summing to 100; 99.9–100.1 is scaled with a note),
 * and optionally `group` (weighting within groups) and `category_label`. Other columns (e.g. `source`) are ignored.
 * Dutch header names (`variabele`, `code`, `aantal`, `procent`, `groep`) are accepted too.
 *
 * @param table the raw table (header + rows of text cells with their file line numbers; `sheet` for a worksheet)
 * @returns the margins per group in file order, the groups and notes
 * @throws DomainError 'WEIGHTING_INPUT' listing every problem with file, sheet, row and column (a row's problem with a
 *   reason `weighting.targets.<kind>` and params, for the UI's own words): a missing
 *   column, an empty or malformed variable or code, a code whose number of `*` parts differs from the variable's,
 *   a count that is not a number ≥ 0, a duplicate category, a margin of percentages that does not sum to 100 ± 0.1,
 *   or a file without rows
 */
export function parseTargetsTable(table: TargetsTable): ParsedTargets {
  const { file, header, rows } = table;
  const sheet = table.sheet ?? null;
  const loc = (row: number, column?: string): Pick<ErrorIssue, 'file' | 'sheet' | 'row' | 'column'> => ({
    file, ...(sheet ? { sheet } : {}), row, ...(column !== undefined ? { column } : {}),
  });
  const where = (row: number, column?: string) => `${file}${sheet ? ` (${sheet})` : ''}, row ${row}${column ? `, column ${column}` : ''}`;
  const iVar = findColumn(header, VARIABLE_COLUMNS);
  const iCode = findColumn(header, CODE_COLUMNS);
  const iLabel = findColumn(header, LABEL_COLUMNS);
  const iGroup = findColumn(header, GROUP_COLUMNS);
  const iCount = findColumn(header, COUNT_COLUMNS);
  const iPct = findColumn(header, PERCENT_COLUMNS);
  const headerProblems: string[] = [];
  if (iVar < 0) headerProblems.push('a column "variable"');
  if (iCode < 0) headerProblems.push('a column "category_code"');
  if (iCount < 0 && iPct < 0) headerProblems.push('a column "population_count" or "percentage"');
  if (headerProblems.length > 0) {
    throw new DomainError('WEIGHTING_INPUT', `${where(1)}: the targets file needs ${headerProblems.join(', ')} (found: ${header.join(', ') || 'nothing'}).`,
      headerProblems.map((p) => ({ message: `missing ${p}`, ...loc(1) })));
  }
  if (iCount >= 0 && iPct >= 0) {
    throw new DomainError('WEIGHTING_INPUT', `${where(1)}: give either population_count or percentage, not both.`, [{ message: 'both counts and percentages', ...loc(1, header[iPct]) }]);
  }
  if (rows.length === 0) throw new DomainError('WEIGHTING_INPUT', `${file}: the targets file has no rows.`, [{ message: 'no rows', ...loc(1) }]);
  const kind: 'count' | 'percent' = iCount >= 0 ? 'count' : 'percent';
  const iValue = kind === 'count' ? iCount : iPct;
  const colName = (i: number) => header[i]!;

  const problems: { message: string; issue: ErrorIssue }[] = [];
  // Each problem carries a stable reason `weighting.targets.<kind>` with params, which the UI words in its language.
  const bad = (row: number, column: string, value: string, message: string, kind: string, params: Record<string, string | number> = {}) =>
    problems.push({ message: `${where(row, column)}: ${message}`, issue: { message, ...loc(row, column), value, reason: `weighting.targets.${kind}`, params: { value, ...params } } });

  const margins = new Map<string, TargetMargin>();
  const groups: string[] = [];
  for (const { row: line, cells: r } of rows) parseRow(line, r);
  function parseRow(line: number, r: readonly (string | null)[]): void {
    const cell = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
    if (r.every((x) => (x ?? '').trim() === '')) return;
    const group = iGroup >= 0 ? cell(iGroup) : null;
    if (group !== null && group === '') return void bad(line, colName(iGroup), '', 'the group is empty', 'groupEmpty');
    const variable = cell(iVar).replace(/\s+/g, '');
    const variables = variable.split('*');
    if (variable === '' || variables.some((v) => !NAME.test(v))) {
      return void bad(line, colName(iVar), cell(iVar), `"${cell(iVar)}" is not a variable name (a crossing is written a*b)`, 'notVariable');
    }
    if (new Set(variables).size !== variables.length) return void bad(line, colName(iVar), variable, `${variable} crosses a variable with itself`, 'crossesItself', { variable });
    const code = cell(iCode).replace(/\s+/g, '');
    const parts = code.split('*');
    if (parts.length !== variables.length) {
      return void bad(line, colName(iCode), cell(iCode), `code "${cell(iCode)}" has ${parts.length} part(s) but ${variable} crosses ${variables.length} variable(s)`, 'codeParts', { parts: parts.length, variable, count: variables.length });
    }
    const codes = parts.map((p) => (/^-?\d+$/.test(p) ? Number(p) : NaN));
    if (codes.some((c) => !Number.isSafeInteger(c))) return void bad(line, colName(iCode), cell(iCode), `code "${cell(iCode)}" is not an integer code${variables.length > 1 ? ' per variable (e.g. 11*2)' : ''}`, variables.length > 1 ? 'codeNotIntegers' : 'codeNotInteger');
    const raw = cell(iValue);
    const value = parseNumber(raw);
    if (!(Number.isFinite(value) && value >= 0)) return void bad(line, colName(iValue), raw, `${kind === 'count' ? 'the count' : 'the percentage'} "${raw}" is not a number ≥ 0`, kind === 'count' ? 'countNotNumber' : 'percentNotNumber');
    const key = `${group ?? ''}\u0000${variable}`;
    let m = margins.get(key);
    if (!m) {
      m = { group, variable, variables, kind, categories: [], total: 0 };
      margins.set(key, m);
      if (group !== null && !groups.includes(group)) groups.push(group);
    }
    const canonical = codes.join('*');
    const dup = m.categories.find((c) => c.code === canonical);
    if (dup) return void bad(line, colName(iCode), cell(iCode), `${variable} = ${canonical} appears twice (also row ${dup.row})${group ? ` in group ${group}` : ''}`, group ? 'duplicateInGroup' : 'duplicate', { variable, code: canonical, row: dup.row, group: group ?? '' });
    const label = iLabel >= 0 && cell(iLabel) !== '' ? cell(iLabel) : null;
    m.categories.push({ code: canonical, codes, label, value, row: line });
    m.total += value;
  }

  const notes: string[] = [];
  if (kind === 'percent') {
    for (const m of margins.values()) {
      try {
        const { margin, notes: n } = marginFromPercentages(m.variable, m.categories.map((c, i) => ({ code: i, count: c.value })), 100);
        margin.categories.forEach((c, i) => {
          m.categories[i]!.value = c.count;
        });
        m.total = 100;
        notes.push(...n.map((x) => (m.group ? `${m.group}: ${x}` : x)));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        const first = m.categories[0]!.row;
        bad(first, colName(iValue), String(m.total), `${m.group ? `group ${m.group}, ` : ''}${e.message}`, 'percentSum', { variable: m.variable, sum: +m.total.toFixed(6), group: m.group ?? '' });
      }
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more; see the list)` : '';
    throw new DomainError('WEIGHTING_INPUT', `${problems[0]!.message}${more}`, problems.map((p) => p.issue));
  }
  return { file, sheet, groups, margins: [...margins.values()], notes, rows: rows.length };
}

/**
 * Checks that the crossed margins of one group agree with each other where they overlap: every margin's total
 * equals the first margin's total (relative tolerance), e.g. `laag*geslacht` and `laag*lft4` both sum to the
 * `laag` total. Percent margins are not compared (each sums to 100 by construction).
 *
 * @param margins the margins of one group; @param relTol relative tolerance (default 1e-9)
 * @returns messages naming the margins and their totals (empty when they agree)
 */
export function disagreeingTotals(margins: readonly TargetMargin[], relTol = 1e-9): string[] {
  const counts = margins.filter((m) => m.kind === 'count');
  const first = counts[0];
  if (!first) return [];
  return counts.slice(1)
    .filter((m) => Math.abs(m.total - first.total) > relTol * Math.max(1, Math.abs(first.total)))
    .map((m) => `${m.variable} sums to ${m.total}, ${first.variable} to ${first.total}`);
}
