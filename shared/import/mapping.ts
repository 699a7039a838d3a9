// Columns of a response file → questionnaire variables: by name (ignoring case and spaces), by an explicit mapping, 0/1 option columns.
import { dataColumns, findList, isEnterable, variablesOf, type Questionnaire, type Variable } from '../domain/questionnaire';

/**
 * A saved or given mapping of one tool's export (JSON-safe). Column keys are header names (case and spaces
 * ignored) or `#n` (1-based column number, for duplicate names).
 */
export interface ImportMapping {
  /** Column holding the case ID (default: a column named case_id, caseid, id, respondent_id, token, …). */
  caseIdColumn?: string;
  /** Column saying whether a response is complete (default: submitdate, finished, complete, completed). */
  completeColumn?: string;
  /** Column → variable name, or a multiple-choice data column `<variable>_<code>`; null = ignore the column. */
  columns?: Record<string, string | null>;
  /** Columns to leave out. */
  ignore?: string[];
  /** Leave out every column that cannot be mapped (otherwise such a column stops the import). */
  ignoreUnmapped?: boolean;
  /** Per variable, answer labels of the file → codes (e.g. {"toestemming": {"Yes, sure": "1"}}). */
  labels?: Record<string, Record<string, string>>;
}

/** What one column of the file holds. */
export type ColumnTarget =
  | { kind: 'caseId' }
  | { kind: 'complete' }
  | { kind: 'variable'; variable: string }
  | { kind: 'option'; variable: string; code: string }
  | { kind: 'ignored'; reason: 'explicit' | 'unmapped' | 'calculated' | 'empty' }
  | { kind: 'unmapped' };

/** One column with its mapping and how the mapping was found. */
export interface MappedColumn {
  /** 1-based column number. */
  col: number;
  header: string;
  target: ColumnTarget;
  how: 'auto' | 'explicit';
}

const CASE_ID_NAMES = ['case_id', 'caseid', 'case', 'id', 'respondent_id', 'respondentid', 'respondent', 'token', 'caseno', 'case_no', 'casenummer'];
const COMPLETE_NAMES = ['submitdate', 'finished', 'complete', 'completed', 'voltooid'];

/**
 * The key a column or variable name is compared by: lower case, without white space; `name[code]`, `name.code`
 * and `name/code` (LimeSurvey, ODK) become `name_code`.
 * @example normaliseName(' Inc_Vorm[3] ') → 'inc_vorm_3'
 */
export function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/\[([^\]]*)\]$/, '_$1')
    .replace(/[./]([^./]+)$/, '_$1');
}

/** Resolves a name to a variable or a multiple-choice option column of `q`; undefined when unknown. */
function resolveName(byName: Map<string, ColumnTarget>, name: string): ColumnTarget | undefined {
  return byName.get(normaliseName(name));
}

/** Index of every variable name and option data column of a questionnaire by {@link normaliseName}. */
function targetIndex(q: Questionnaire): Map<string, ColumnTarget> {
  const out = new Map<string, ColumnTarget>();
  for (const v of variablesOf(q)) {
    if (v.type === 'note') continue;
    out.set(normaliseName(v.name), v.type === 'calculated' ? { kind: 'ignored', reason: 'calculated' } : { kind: 'variable', variable: v.name });
    if (v.type === 'multiple') {
      const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
      const cols = dataColumns(q, v);
      (list?.choices ?? []).forEach((c, i) => {
        const key = normaliseName(cols[i] ?? `${v.name}_${c.code}`);
        if (!out.has(key)) out.set(key, { kind: 'option', variable: v.name, code: c.code });
      });
    }
  }
  return out;
}

function keyMatches(key: string, header: string, col: number): boolean {
  const k = key.trim();
  return k === `#${col}` || normaliseName(k) === normaliseName(header);
}

/**
 * Maps every column of a header to a target: explicit entries of `mapping` first (case ID, complete, columns,
 * ignore), then by name — case-ID and completeness names, variable names, `<variable>_<code>` 0/1 columns.
 * Calculated variables are left out (they are derived, not imported); columns that match nothing are
 * 'unmapped', or 'ignored' with `ignoreUnmapped`.
 * @param header column names of the file; @param q the questionnaire; @param mapping explicit choices
 * @returns one entry per column, in file order
 */
export function mapColumns(header: readonly string[], q: Questionnaire, mapping: ImportMapping = {}): MappedColumn[] {
  const index = targetIndex(q);
  const explicitCols = Object.entries(mapping.columns ?? {});
  let caseIdTaken = false;
  const out = header.map((h, i): MappedColumn => {
    const col = i + 1;
    if (mapping.caseIdColumn !== undefined && keyMatches(mapping.caseIdColumn, h, col)) {
      caseIdTaken = true;
      return { col, header: h, target: { kind: 'caseId' }, how: 'explicit' };
    }
    if (mapping.completeColumn !== undefined && keyMatches(mapping.completeColumn, h, col)) return { col, header: h, target: { kind: 'complete' }, how: 'explicit' };
    if ((mapping.ignore ?? []).some((k) => keyMatches(k, h, col))) return { col, header: h, target: { kind: 'ignored', reason: 'explicit' }, how: 'explicit' };
    const ex = explicitCols.find(([k]) => keyMatches(k, h, col));
    if (ex) {
      if (ex[1] === null) return { col, header: h, target: { kind: 'ignored', reason: 'explicit' }, how: 'explicit' };
      const t = resolveName(index, ex[1]);
      return { col, header: h, target: t ?? { kind: 'unmapped' }, how: 'explicit' };
    }
    const t = h === '' ? undefined : resolveName(index, h);
    if (t) return { col, header: h, target: t, how: 'auto' };
    return { col, header: h, target: { kind: 'unmapped' }, how: 'auto' };
  });
  // Case ID and completeness by name, only where no variable of the questionnaire has that name. With several
  // candidates the name earliest in the list wins, not the column earliest in the file (`Respondent;case_id`: case_id).
  const byName = (names: readonly string[]): MappedColumn | undefined => {
    let best: MappedColumn | undefined;
    let rank = names.length;
    for (const m of out) {
      if (m.target.kind !== 'unmapped' || m.how !== 'auto') continue;
      const r = names.indexOf(normaliseName(m.header));
      if (r >= 0 && r < rank) {
        best = m;
        rank = r;
      }
    }
    return best;
  };
  if (!caseIdTaken && mapping.caseIdColumn === undefined) {
    const m = byName(CASE_ID_NAMES);
    if (m) m.target = { kind: 'caseId' };
  }
  if (mapping.completeColumn === undefined && !out.some((o) => o.target.kind === 'complete')) {
    const m = byName(COMPLETE_NAMES);
    if (m) m.target = { kind: 'complete' };
  }
  if (mapping.ignoreUnmapped) for (const m of out) if (m.target.kind === 'unmapped') m.target = { kind: 'ignored', reason: 'unmapped' };
  return out;
}

/**
 * The variables a mapping imports (in paper order), with whether they come as one column, as 0/1 option
 * columns, or both.
 * @param q the questionnaire; @param cols the mapped columns
 */
export function mappedVariables(q: Questionnaire, cols: readonly MappedColumn[]): { variable: Variable; single?: MappedColumn; options: MappedColumn[] }[] {
  const out: { variable: Variable; single?: MappedColumn; options: MappedColumn[] }[] = [];
  for (const v of variablesOf(q)) {
    if (!isEnterable(v)) continue;
    const single = cols.find((c) => c.target.kind === 'variable' && c.target.variable === v.name);
    const options = cols.filter((c) => c.target.kind === 'option' && c.target.variable === v.name);
    if (single || options.length > 0) out.push({ variable: v, ...(single ? { single } : {}), options });
  }
  return out;
}
