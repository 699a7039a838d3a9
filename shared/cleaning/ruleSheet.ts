// Edit rules as a sheet (CSV/XLSX rows): columns name, expression, message, severity, variables, examples, enabled.
import { DomainError, type ErrorIssue } from '../domain/errors';
import type { FrameTable } from '../fieldwork/frame';
import type { EditRule, RuleExample } from './types';

/** The columns of a rule sheet, in order. `examples` holds JSON: [{"values": {...}, "triggers": true}, …]. */
export const RULE_SHEET_COLUMNS = ['name', 'expression', 'message', 'severity', 'variables', 'examples', 'enabled'] as const;

function parseExamples(text: string): RuleExample[] | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return `examples is not valid JSON: ${(e as Error).message}`;
  }
  if (!Array.isArray(json)) return 'examples must be a JSON list';
  const out: RuleExample[] = [];
  for (const x of json as unknown[]) {
    const o = x as { values?: unknown; triggers?: unknown; note?: unknown };
    if (typeof o !== 'object' || o === null || typeof o.triggers !== 'boolean' || typeof o.values !== 'object' || o.values === null) return 'each example needs "values" (an object) and "triggers" (true/false)';
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.values as Record<string, unknown>)) values[k] = String(v);
    out.push({ values, triggers: o.triggers, ...(typeof o.note === 'string' ? { note: o.note } : {}) });
  }
  return out;
}

/** One rule read from a sheet, with the sheet row it came from. */
export interface SheetRule {
  rule: EditRule;
  row: number;
}

/**
 * Reads edit rules from a sheet without stopping at the first bad row. Column names are matched case-insensitively;
 * `name`, `expression` and `message` are required; severity defaults to error; variables are separated by spaces or
 * commas; enabled defaults to yes. Expressions are not checked here (the service checks them against the
 * questionnaire, see importRuleSheet, and lists those problems together with these).
 * @returns every non-empty row's rule (with its row number; a bad cell gets a default) and every problem with file,
 *   sheet, row and column
 * @throws DomainError INVALID_INPUT when a required column is missing (no row can be read then)
 */
export function readRuleTable(t: FrameTable): { rules: SheetRule[]; issues: ErrorIssue[] } {
  const col = new Map(t.header.map((h, i) => [h.trim().toLowerCase(), i]));
  const issues: ErrorIssue[] = [];
  const loc = { file: t.file, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}) };
  for (const c of ['name', 'expression', 'message']) if (!col.has(c)) issues.push({ ...loc, message: `column ${c} is missing`, column: c });
  if (issues.length > 0) throw new DomainError('INVALID_INPUT', `${t.file}: ${issues.map((i) => i.message).join('; ')}`, issues);
  const cell = (cells: readonly (string | null)[], c: string): string => {
    const i = col.get(c);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const rules: SheetRule[] = [];
  const seen = new Set<string>();
  for (const { row, cells } of t.rows) {
    if (cells.every((x) => x === null || x.trim() === '')) continue;
    const name = cell(cells, 'name');
    const problem = (column: string, message: string): void => void issues.push({ ...loc, row, column, message, value: cell(cells, column) });
    if (name === '') problem('name', 'a rule needs a name');
    else if (seen.has(name.toLowerCase())) problem('name', `rule ${name} appears twice`);
    seen.add(name.toLowerCase());
    const expression = cell(cells, 'expression');
    if (expression === '') problem('expression', 'a rule needs an expression');
    const message = cell(cells, 'message');
    if (message === '') problem('message', 'a rule needs a message');
    const sev = cell(cells, 'severity').toLowerCase() || 'error';
    if (sev !== 'error' && sev !== 'warning') problem('severity', 'severity must be error or warning');
    const ex = cell(cells, 'examples');
    const examples = ex === '' ? [] : parseExamples(ex);
    if (typeof examples === 'string') problem('examples', examples);
    const en = cell(cells, 'enabled').toLowerCase();
    if (en !== '' && !['1', '0', 'yes', 'no', 'true', 'false', 'ja', 'nee'].includes(en)) problem('enabled', 'enabled must be yes or no');
    rules.push({
      row,
      rule: {
        name, expression, message, severity: sev === 'warning' ? 'warning' : 'error',
        variables: cell(cells, 'variables').split(/[\s,]+/).filter((x) => x !== ''),
        examples: typeof examples === 'string' ? [] : examples,
        enabled: !['0', 'no', 'false', 'nee'].includes(en),
      },
    });
  }
  return { rules, issues };
}

/**
 * Reads edit rules from a sheet ({@link readRuleTable}), refusing the sheet when any row has a problem.
 * @throws DomainError INVALID_INPUT listing every problem with file, sheet, row and column
 */
export function rulesFromTable(t: FrameTable): EditRule[] {
  const { rules, issues } = readRuleTable(t);
  if (issues.length > 0) throw new DomainError('INVALID_INPUT', `${t.file}: ${issues.length} problem${issues.length > 1 ? 's' : ''} in the rule sheet`, issues);
  return rules.map((r) => r.rule);
}

/** The rows of a rule sheet (header first), for writing as CSV or XLSX. */
export function rulesToRows(rules: readonly EditRule[]): string[][] {
  return [
    [...RULE_SHEET_COLUMNS],
    ...rules.map((r) => [r.name, r.expression, r.message, r.severity, r.variables.join(' '), r.examples.length > 0 ? JSON.stringify(r.examples) : '', r.enabled ? 'yes' : 'no']),
  ];
}
