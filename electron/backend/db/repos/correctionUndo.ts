// Whether a cleaning correction may still be undone (tester61's defect 1): only while it is not undone yet, is the
// latest correction of its case × variable, and the keyed value has not changed since. Shared by the undo itself, the
// case panel (cleaning.case) and the audit view, so the UI offers Undo exactly where the service accepts it.
import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statements';

/** Why a correction cannot be undone; `entry` is the audit entry (log entry number) that stands in the way. */
export type UndoBlock =
  | { reason: 'cleaning.undo.alreadyUndone'; entry: number }
  | { reason: 'cleaning.undo.laterChange'; entry: number }
  | { reason: 'cleaning.undo.keyedSince'; entry: number };

/** A stored correction as the guard needs it. */
export interface UndoTarget {
  id: number;
  casePk: number;
  variable: string;
  auditId: number;
}

/**
 * What blocks undoing correction `c`, or null when an undo is accepted. The corrections of its case × variable (undo
 * entries included) are read in order as a stack: a correction is pushed; an undo of the correction on top pops it
 * (the two cancel out), any other undo (an undo of an undo: a redo) is pushed like a correction. `c` may be undone when
 * it is on top of that stack, or when it is the newest entry of the case × variable and not undone (an undo, which
 * may be undone — redone — while it is the latest). So after "correct A, correct B, undo B" A may be undone again.
 * In this order:
 * - alreadyUndone: an undo entry names it; entry = that undo's audit entry;
 * - laterChange: a newer correction of the same case × variable stands (another correction, an undo, an answer
 *   cleared off route with a correction of another variable, or its restoration); entry = the audit entry of the one
 *   to undo first (the top of the stack, else the newest entry);
 * - keyedSince: the keyed value of the case × variable changed after the correction (re-keying, adjudication of a
 *   verification difference, an import replacing the case: audit sources keying, adjudication, import with old ≠ new);
 *   the correction still wins, but undoing it would put back the value it replaced, not the one keyed since, so the
 *   value is corrected instead. entry = the first such change.
 * Verification keying (pass 2) is not a change of the final value by itself; an open difference is refused by the undo.
 * @param db a project connection (read-only is fine)
 * @param c the correction (its row id, case, variable and audit entry)
 */
export function undoBlock(db: Database, c: UndoTarget): UndoBlock | null {
  // Run for each row of an audit view page and each correction of a case panel: statements kept per connection.
  const entries = cachedStatement(
    db,
    `SELECT x.id, x.audit_id AS auditId, CASE WHEN json_valid(a.details) THEN json_extract(a.details, '$.undoes') END AS undoes
         FROM correction x JOIN audit_log a ON a.id = x.audit_id
        WHERE x.case_pk = ? AND x.variable = ? ORDER BY x.id`,
  ).all(c.casePk, c.variable) as { id: number; auditId: number; undoes: unknown }[];
  const undoneBy = entries.find((e) => e.undoes === c.id);
  if (undoneBy !== undefined) return { reason: 'cleaning.undo.alreadyUndone', entry: undoneBy.auditId };
  const stack: { id: number; auditId: number }[] = [];
  for (const e of entries) {
    if (stack.length > 0 && e.undoes === stack[stack.length - 1]!.id) stack.pop();
    else stack.push(e);
  }
  const top = stack[stack.length - 1];
  const newest = entries[entries.length - 1];
  if (top?.id !== c.id && newest?.id !== c.id) {
    const first = top ?? newest;
    if (first !== undefined) return { reason: 'cleaning.undo.laterChange', entry: first.auditId };
  }
  const keyed = cachedStatement(db, `SELECT a.id FROM audit_log a WHERE a.case_pk = ? AND a.id > ? AND a.variable = ? AND a.source IN ('keying', 'adjudication', 'import') AND a.old_value IS NOT a.new_value ORDER BY a.id LIMIT 1`)
    .pluck()
    .get(c.casePk, c.auditId, c.variable) as number | undefined;
  if (keyed !== undefined) return { reason: 'cleaning.undo.keyedSince', entry: keyed };
  return null;
}

/** The correction with row id `id` as {@link undoBlock} takes it, or undefined. */
export function undoTarget(db: Database, id: number): (UndoTarget & { oldValue: string | null; newValue: string | null }) | undefined {
  return db.prepare('SELECT id, case_pk AS casePk, variable, audit_id AS auditId, old_value AS oldValue, new_value AS newValue FROM correction WHERE id = ?').get(id) as
    | (UndoTarget & { oldValue: string | null; newValue: string | null })
    | undefined;
}
