// SQL for the append-only audit log.
import type { Database } from 'better-sqlite3';
import { undoBlock } from './correctionUndo';

/** One audit entry to append; `at` defaults to now (ISO 8601 UTC). */
export interface AuditEntry {
  operator: string;
  source: 'system' | 'keying' | 'verification' | 'adjudication' | 'cleaning' | 'import' | 'weighting' | 'export';
  casePk?: number | null;
  variable?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
  /** Extra structured details, stored as JSON. */
  details?: unknown;
  at?: string;
}

/** Appends one row to audit_log (the table refuses UPDATE and DELETE). @returns the new row id */
export function appendAudit(db: Database, e: AuditEntry): number {
  const r = db
    .prepare('INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(e.at ?? new Date().toISOString(), e.operator, e.source, e.casePk ?? null, e.variable ?? null, e.oldValue ?? null, e.newValue ?? null, e.reason ?? null, e.details === undefined ? null : JSON.stringify(e.details));
  return Number(r.lastInsertRowid);
}

/** Filters and paging of {@link queryAudit}; an absent field does not filter. */
export interface AuditFilter {
  /** Exact case ID (entries about other cases, or about no case, are left out). */
  caseId?: string;
  /** Exact variable name. */
  variable?: string;
  /** Part of the operator's name, any letter case ("piet" finds Piet and Pietersen). */
  operator?: string;
  source?: AuditEntry['source'];
  /** Entries at or after this instant (ISO 8601). */
  from?: string;
  /** Entries before this instant (ISO 8601, exclusive). */
  to?: string;
  /** Text the reason contains (LIKE, case-insensitive for ASCII letters; % and _ match themselves). */
  text?: string;
  offset: number;
  limit: number;
}

/** One audit entry as the audit view lists it. */
export interface AuditRow {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  operator: string;
  source: AuditEntry['source'];
  caseId: string | null;
  variable: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  /** details.action when the entry has one (correct, undo, accept, exclude, include, derive, …). */
  action: string | null;
  /** The correction this entry made (cleaning corrections and undos only): the one `cleaning.undo` takes. */
  correctionId: number | null;
  /** For an undo: the correction it undid. */
  undoes: number | null;
  /** For an undo: the audit entry of the correction it undid (the numbering the audit view shows). */
  undoesEntry: number | null;
  /** For an acceptance or its withdrawal: the rule it concerns ({@link RULE_SQL}). */
  ruleId: string | null;
  /** For an acceptance or its withdrawal: the violation's variables as stored with the entry (empty for entries written before they were). */
  ruleVariables: string[];
  /** For a correction that has been undone: the audit entry of the undo (its Undo is then not offered again). */
  undoneBy: number | null;
  /** For a correction or undo: whether `cleaning.undo` would accept it now ({@link undoBlock}); false for other entries. */
  undoable: boolean;
}

/** An ISO 8601 instant normalised to the stored form (YYYY-MM-DDTHH:MM:SS.sssZ) so text comparison orders by time. */
function storedInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an ISO 8601 instant: ${iso}`);
  return d.toISOString();
}

/** The WHERE clause and arguments of a filter (shared by the page, the count and the plan). */
function auditWhere(f: AuditFilter, ops: readonly string[]): { clause: string; args: (string | number)[] } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (sql: string, arg: string) => {
    where.push(sql);
    args.push(arg);
  };
  if (f.caseId !== undefined) add('a.case_pk = (SELECT id FROM case_record WHERE case_id = ?)', f.caseId);
  if (f.variable !== undefined) add('a.variable = ?', f.variable);
  if (f.operator !== undefined) {
    // The few operator names that contain the text are looked up first: one name keeps the index's id order.
    const part = f.operator.toLocaleLowerCase('nl');
    const names = ops.filter((o) => o.toLocaleLowerCase('nl').includes(part));
    if (names.length === 1) add('a.operator = ?', names[0]!);
    else add('a.operator IN (SELECT value FROM json_each(?))', JSON.stringify(names));
  }
  if (f.source !== undefined) add('a.source = ?', f.source);
  if (f.from !== undefined) add('a.at >= ?', storedInstant(f.from));
  if (f.to !== undefined) add('a.at < ?', storedInstant(f.to));
  if (f.text !== undefined && f.text !== '') add("a.reason LIKE ? ESCAPE '\\'", `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return { clause: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', args };
}

/**
 * SQL expressions over audit_log `a`: the rule (details.ruleId) and the variables (details.variables, a JSON array)
 * of a cleaning acceptance or its withdrawal; NULL for other entries. Shared by the audit view, `audit export` and the
 * Cleaning log sheet.
 */
export const RULE_SQL = "CASE WHEN a.source = 'cleaning' AND json_valid(a.details) THEN json_extract(a.details, '$.ruleId') END";
export const RULE_VARIABLES_SQL = "CASE WHEN a.source = 'cleaning' AND json_valid(a.details) AND json_type(a.details, '$.variables') = 'array' THEN json_extract(a.details, '$.variables') END";

/** The variables of a {@link RULE_VARIABLES_SQL} value (a JSON array or NULL). */
export function ruleVariablesOf(json: unknown): string[] {
  if (typeof json !== 'string') return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const PAGE_SQL = (clause: string) => `SELECT a.id, a.at, a.operator, a.source, c.case_id AS caseId, a.variable, a.old_value AS oldValue, a.new_value AS newValue, a.reason,
    CASE WHEN json_valid(a.details) THEN json_extract(a.details, '$.action') END AS action,
    CASE WHEN a.source = 'cleaning' AND a.variable IS NOT NULL THEN (SELECT x.id FROM correction x WHERE x.audit_id = a.id) END AS correctionId,
    CASE WHEN a.source = 'cleaning' AND json_valid(a.details) THEN json_extract(a.details, '$.undoes') END AS undoes,
    CASE WHEN a.source = 'cleaning' AND json_valid(a.details) AND json_extract(a.details, '$.undoes') IS NOT NULL
      THEN (SELECT x.audit_id FROM correction x WHERE x.id = json_extract(a.details, '$.undoes')) END AS undoesEntry,
    ${RULE_SQL} AS ruleId, ${RULE_VARIABLES_SQL} AS ruleVariables
  FROM audit_log a LEFT JOIN case_record c ON c.id = a.case_pk
  ${clause} ORDER BY a.id DESC LIMIT ? OFFSET ?`;

/** The undo entry of a correction: a later cleaning entry of the same case (case_pk index) whose details name it. */
const UNDONE_BY_SQL = `SELECT u.id FROM audit_log u
  WHERE u.case_pk = ? AND u.id > ? AND u.source = 'cleaning' AND json_valid(u.details) AND json_extract(u.details, '$.undoes') = ?
  ORDER BY u.id LIMIT 1`;

/**
 * The distinct values of an indexed TEXT column, sorted (binary order), read by skipping through its index (one seek
 * per value): it costs the number of distinct values, not of rows. `table` and `column` are trusted identifiers.
 * @param db a project connection (read-only is fine)
 */
export function distinctIndexed(db: Database, table: 'audit_log' | 'cleaning_violation', column: 'operator' | 'rule_id'): string[] {
  // The CTE's column is named apart from the table's columns, so the subquery's comparison cannot bind to the table.
  return db
    .prepare(`WITH RECURSIVE seen(prev_value) AS (SELECT min(${column}) FROM ${table}
                UNION ALL SELECT (SELECT min(t.${column}) FROM ${table} t WHERE t.${column} > seen.prev_value) FROM seen WHERE seen.prev_value IS NOT NULL)
              SELECT prev_value FROM seen WHERE prev_value IS NOT NULL`)
    .pluck()
    .all() as string[];
}

/** Every operator name in the audit log, sorted (binary order), through the operator index ({@link distinctIndexed}). */
export function auditOperators(db: Database): string[] {
  return distinctIndexed(db, 'audit_log', 'operator');
}

/**
 * One page of the audit log under filters, newest first (by id), with the total under the same filters. Every
 * equality filter has an index (migration 70: variable, operator, source, at; 10: case_pk) that lists entries in id
 * order, so a page costs its offset plus its rows in index steps; the reason text is a LIKE over the rows left.
 * @param db a project connection (read-only is fine)
 * @returns { total, rows, operators } — rows at most `limit`, starting at `offset`; every operator name in the log
 *   (for the filter's suggestions); the operator filter matches part of a name in any letter case
 * @throws RangeError when `from` or `to` is not a date-time
 */
export function queryAudit(db: Database, f: AuditFilter): { total: number; rows: AuditRow[]; operators: string[] } {
  const operators = auditOperators(db);
  const { clause, args } = auditWhere(f, operators);
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log a ${clause}`).get(...args) as { n: number }).n;
  const rows = db.prepare(PAGE_SQL(clause)).all(...args, f.limit, f.offset) as (Omit<AuditRow, 'ruleVariables' | 'undoable'> & { ruleVariables: unknown })[];
  const undoneBy = db.prepare(UNDONE_BY_SQL).pluck();
  const casePk = db.prepare('SELECT case_pk FROM audit_log WHERE id = ?').pluck();
  return {
    total,
    operators,
    rows: rows.map((r) => {
      // Only corrections (one row of the page each) look for their undo: a few index steps per correction.
      const pk = r.correctionId !== null ? (casePk.get(r.id) as number) : null;
      const by = r.correctionId !== null ? (undoneBy.get(pk, r.id, r.correctionId) as number | undefined) : undefined;
      const undoable = r.correctionId !== null && by === undefined && r.variable !== null && undoBlock(db, { id: r.correctionId, casePk: pk!, variable: r.variable, auditId: r.id }) === null;
      return {
        ...r,
        action: typeof r.action === 'string' ? r.action : null,
        undoes: typeof r.undoes === 'number' ? r.undoes : null,
        undoesEntry: typeof r.undoesEntry === 'number' ? r.undoesEntry : null,
        ruleId: typeof r.ruleId === 'string' ? r.ruleId : null,
        ruleVariables: ruleVariablesOf(r.ruleVariables),
        undoneBy: by ?? null,
        undoable,
      };
    }),
  };
}

/**
 * The query plan SQLite chooses for the page query of a filter (EXPLAIN QUERY PLAN), for tests and diagnostics.
 * @returns the plan's detail lines, e.g. "SEARCH a USING INDEX audit_log_variable (variable=?)"
 */
export function explainAudit(db: Database, f: AuditFilter): string[] {
  const { clause, args } = auditWhere(f, auditOperators(db));
  return (db.prepare(`EXPLAIN QUERY PLAN ${PAGE_SQL(clause)}`).all(...args, f.limit, f.offset) as { detail: string }[]).map((r) => r.detail);
}
