// Cleaning files on disk: edit-rule sheets (import/export as .xlsx or .csv) and the audit log as .xlsx or .csv.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { editRuleProblems, readRuleTable, rulesToRows, type EditRule } from '../../../shared/cleaning';
import { DomainError, type ErrorIssue } from '../../../shared/domain/errors';
import { hasCleaningTables, listDerived, listRules } from '../db/repos/cleaningRepo';
import { RULE_SQL, RULE_VARIABLES_SQL, ruleVariablesOf } from '../db/repos/auditRepo';
import { latestVersion } from '../db/repos/questionnaireRepo';
import { assertWritableTargets } from '../writeTarget';
import { saveRule } from './cleaning';
import { readFrameFile } from './frameReader';

/** A cell written to a sheet: text, a number, or empty. */
type Cell = string | number | null;

function formatOf(path: string): 'xlsx' | 'csv' {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv') return 'csv';
  throw new DomainError('INVALID_INPUT', `${path}: the file must end in .xlsx or .csv`);
}

/** RFC 4180 field: quoted when it holds a comma, quote, line break or outer spaces. */
function csvField(v: Cell, guardFormulas: boolean): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  // Formula injection guard (OWASP "CSV Injection") for report files opened in a spreadsheet.
  const s = guardFormulas && /^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v) ? `'${v}` : v;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes rows (header first) as one worksheet of an .xlsx, or as a UTF-8 CSV (BOM, comma, CRLF), by the extension.
 * Both are streamed to a temporary name beside the target and renamed when complete (memory stays flat for long
 * audit logs); on failure nothing appears under the target name.
 * @param rows the header row, then the data rows (any iterable, read once)
 * @param guardFormulas prefix CSV text that a spreadsheet would run as a formula with `'` (report files only; a rule
 *   sheet must read back unchanged)
 * @returns the absolute path and the number of data rows
 * @throws DomainError INVALID_INPUT (extension), IO_ERROR
 */
async function writeTable(path: string, sheet: string, rows: Iterable<readonly Cell[]>, guardFormulas: boolean): Promise<{ path: string; rows: number }> {
  const format = formatOf(path);
  const abs = resolve(path);
  assertWritableTargets([abs]);
  const tmp = `${abs}.writing-${process.pid}`;
  let n = -1;
  try {
    if (format === 'csv') {
      const out = createWriteStream(tmp);
      const done = new Promise<void>((res, rej) => {
        out.on('close', res);
        out.on('error', rej);
      });
      // An open or write error rejects `done` before it is awaited: mark it handled here, it is still thrown below.
      done.catch(() => undefined);
      out.write('\ufeff');
      for (const r of rows) {
        n++;
        if (!out.write(`${r.map((c) => csvField(c, guardFormulas)).join(',')}\r\n`)) await once(out, 'drain');
      }
      out.end();
      await done;
    } else {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: false });
      const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
      for (const r of rows) {
        n++;
        const row = ws.addRow([...r]);
        if (n === 0) row.font = { bold: true };
        row.commit();
        // exceljs's row.commit() has no backpressure: let the zip stream drain now and then.
        if (n % 2000 === 0) await new Promise((res) => setImmediate(res));
      }
      ws.commit();
      await wb.commit();
    }
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof DomainError) throw e;
    throw new DomainError('IO_ERROR', `Cannot write ${abs}: ${(e as Error).message}`);
  }
  return { path: abs, rows: Math.max(n, 0) };
}

/**
 * Imports the edit rules of a sheet (.xlsx: the named or first worksheet; .csv) into the project, all or nothing:
 * every rule is read and checked against the questionnaire (and the derived variables) before any is stored; rules
 * with a stored name are replaced. Each stored rule is audit-logged.
 * @returns the names imported, how many replaced a rule, and example cases that did not behave as declared
 * @throws DomainError INVALID_INPUT / EXPRESSION_ERROR listing every problem with file, sheet, row and column;
 *   NOT_FOUND (no file, or no questionnaire); IMPORT_INVALID (unreadable sheet)
 */
export async function importRuleSheet(db: Database, path: string, operator: string, sheet?: string) {
  const { table } = await readFrameFile(path, sheet);
  const read = readRuleTable(table);
  const v = latestVersion(db);
  if (!v) throw new DomainError('NOT_FOUND', 'The project has no questionnaire yet: import one before importing edit rules.');
  const derivedNames = listDerived(db).map((d) => d.name);
  const loc = { file: table.file, ...(table.sheet !== undefined ? { sheet: table.sheet } : {}) };
  // The sheet's own problems and those of each rule against the questionnaire, all rows in one pass, in row order.
  const issues: ErrorIssue[] = [...read.issues];
  let expressionOnly = read.issues.length === 0;
  for (const { rule, row } of read.rules) {
    for (const x of editRuleProblems(v.questionnaire, rule, derivedNames)) {
      const column = typeof x.path?.[0] === 'string' ? x.path[0] : 'expression';
      if (column !== 'expression') expressionOnly = false;
      issues.push({ ...loc, row, column, message: `rule ${rule.name || '(no name)'}: ${x.message}`, ...(x.value !== undefined ? { value: x.value } : {}) });
    }
  }
  issues.sort((x, y) => (x.row ?? 0) - (y.row ?? 0));
  const code = expressionOnly ? 'EXPRESSION_ERROR' : 'INVALID_INPUT';
  if (issues.length > 0) throw new DomainError(code, `${table.file}: ${issues.length} problem${issues.length > 1 ? 's' : ''} in the rule sheet; no rule was imported`, issues);
  const rules = read.rules.map((r) => r.rule);
  const results = db.transaction((rs: EditRule[]) => rs.map((r) => saveRule(db, r, operator)))(rules);
  return {
    imported: rules.map((r) => r.name),
    replaced: results.filter((r) => r.replaced).length,
    ruleTests: results.flatMap((r) => r.ruleTests),
  };
}

/**
 * Writes the project's edit rules as a rule sheet (columns name, expression, message, severity, variables, examples,
 * enabled), .xlsx (sheet "Edit rules") or .csv by the extension; the file reads back with {@link importRuleSheet}.
 * @returns the absolute path and the number of rules
 * @throws DomainError INVALID_INPUT (extension), IO_ERROR
 */
export async function exportRuleSheet(db: Database, path: string): Promise<{ path: string; rules: number }> {
  formatOf(path);
  const rules = hasCleaningTables(db) ? listRules(db) : [];
  return { path: (await writeTable(path, 'Edit rules', rulesToRows(rules), false)).path, rules: rules.length };
}

/** The columns of the audit-log export. */
export const AUDIT_COLUMNS = ['id', 'at', 'operator', 'source', 'action', 'rule', 'case_id', 'variable', 'old_value', 'new_value', 'reason', 'undoes'] as const;

/** One audit-log entry as exported. */
export interface AuditRow {
  id: number;
  at: string;
  operator: string;
  source: string;
  /** `details.action` when the entry has one (correct, undo, accept, exclude, include, rule.save, derive, …). */
  action: string | null;
  /** The rule an acceptance or its withdrawal concerns (details.ruleId), else null. */
  rule: string | null;
  caseId: string | null;
  /** The entry's variable; for an acceptance or withdrawal the violation's variables, comma-separated (null when not stored). */
  variable: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  /** For an undo: the id (log entry) of the entry it undid, as the audit view's "maakt logregel n ongedaan"; else null. */
  undoes: number | null;
}

const AUDIT_SQL = `SELECT a.id, a.at, a.operator, a.source, CASE WHEN json_valid(a.details) THEN json_extract(a.details, '$.action') END AS action,
        ${RULE_SQL} AS rule, ${RULE_VARIABLES_SQL} AS ruleVariables,
        c.case_id AS caseId, a.variable, a.old_value AS oldValue, a.new_value AS newValue, a.reason,
        CASE WHEN a.source = 'cleaning' AND json_valid(a.details) AND json_extract(a.details, '$.undoes') IS NOT NULL
          THEN (SELECT x.audit_id FROM correction x WHERE x.id = json_extract(a.details, '$.undoes')) END AS undoes
   FROM audit_log a LEFT JOIN case_record c ON c.id = a.case_pk ORDER BY a.id`;

function auditRow(r: unknown): AuditRow {
  const { ruleVariables, ...x } = r as AuditRow & { ruleVariables: unknown };
  const vars = ruleVariablesOf(ruleVariables);
  return { ...x, action: typeof x.action === 'string' ? x.action : null, rule: typeof x.rule === 'string' ? x.rule : null, variable: x.variable ?? (vars.length > 0 ? vars.join(', ') : null), undoes: typeof x.undoes === 'number' ? x.undoes : null };
}

/** Every audit-log entry, oldest first, with its case ID (append-only table audit_log). */
export function auditRows(db: Database): AuditRow[] {
  return db.prepare(AUDIT_SQL).all().map(auditRow);
}

/**
 * Writes the whole audit log (who, when, source, action, rule of an acceptance, case, variable, old and new value,
 * reason, and last `undoes`: for an undo the log entry it undid), oldest first. Reasons are as stored: an answer
 * cleared with a correction reads "off route after correction of X" (English in the file; the app words it),
 * as .xlsx (sheet "Audit log") or .csv (text a spreadsheet would run as a formula is prefixed with `'`).
 * @returns the absolute path and the number of entries
 * @throws DomainError INVALID_INPUT (extension), IO_ERROR
 */
export async function exportAuditLog(db: Database, path: string): Promise<{ path: string; entries: number }> {
  formatOf(path);
  function* table(): Generator<Cell[]> {
    yield [...AUDIT_COLUMNS];
    for (const x of db.prepare(AUDIT_SQL).iterate()) {
      const r = auditRow(x);
      yield [r.id, r.at, r.operator, r.source, r.action, r.rule, r.caseId, r.variable, r.oldValue, r.newValue, r.reason, r.undoes];
    }
  }
  const w = await writeTable(path, 'Audit log', table(), true);
  return { path: w.path, entries: w.rows };
}
