// Routing effects of a cleaning correction: which answered variables a new value puts off route (issue: a correction
// that changes routing left the old branch in the data), and which cleared answers belong to a correction (for undo).
import type { Database } from 'better-sqlite3';
import { isEnterable } from '../../../shared/domain/questionnaire';
import { loadCases } from '../db/repos/cleaningRepo';
import { compiledVersion } from './entry';

/** An answered variable that a correction would put off route, with its current final value. */
export interface OffRouteAnswer {
  variable: string;
  value: string;
}

/** The stored audit reason of an answer cleared with a correction (translated in the UI: renderer/features/cleaning/auditReason.ts). */
export function offRouteReason(variable: string): string {
  return `off route after correction of ${variable}`;
}

/**
 * The answered variables that setting `variable` to `value` puts off route in one case: on route with the case's
 * final values now (corrections applied), off route with the new value, and not empty. Routing is the questionnaire's
 * (shared/routing createRouter via the newest compiled version, as cleaning uses): a variable off route is empty for
 * every expression, so one evaluation also covers what the cleared answers themselves would route (the cascade).
 * Answers that are off route already are not named (they are not this correction's doing; the rule run reports them
 * as offRoute). Calculated variables and notes are never named (nothing is stored for them).
 * @param db a project connection (read-only is fine)
 * @param c the case (row id and status)
 * @param variable the corrected variable; never named itself
 * @param value its new value (null = empty)
 * @param today YYYY-MM-DD for today() in routing expressions
 * @returns the variables in questionnaire order with their current values; empty when nothing changes route
 * @throws DomainError NOT_FOUND when the project has no questionnaire
 */
export function offRouteAnswers(db: Database, c: { pk: number; status: string }, variable: string, value: string | null, today: string): OffRouteAnswer[] {
  const router = compiledVersion(db, null).checker.router;
  const finals = loadCases(db, [c.status], c.pk)[0]?.values ?? {};
  const before = router.evaluate(finals, today);
  const after = router.evaluate({ ...finals, [variable]: value }, today);
  // A name may occupy several slots: it is on route when any of its slots is.
  const wasOn = new Set<string>();
  const isOn = new Set<string>();
  router.variables.forEach((v, s) => {
    if (before.onRoute[s] === true) wasOn.add(v.name);
    if (after.onRoute[s] === true) isOn.add(v.name);
  });
  const out: OffRouteAnswer[] = [];
  const seen = new Set<string>();
  for (const v of router.variables) {
    if (seen.has(v.name) || v.name === variable || !isEnterable(v)) continue;
    seen.add(v.name);
    const current = finals[v.name];
    if (current === null || current === undefined || current === '') continue;
    if (wasOn.has(v.name) && !isOn.has(v.name)) out.push({ variable: v.name, value: current });
  }
  return out;
}

/** A correction made together with another one (an answer cleared off route, or its restoration by an undo). */
export interface LinkedCorrection {
  id: number;
  variable: string;
  oldValue: string | null;
  newValue: string | null;
  /** Its audit entry. */
  auditId: number;
}

/**
 * The corrections made in the same action as correction `correctionId` (their audit details carry
 * `offRouteOf: correctionId`), oldest first.
 * @param db a project connection
 * @param casePk the case of the correction (the audit log's case index)
 */
export function linkedCorrections(db: Database, casePk: number, correctionId: number): LinkedCorrection[] {
  return db
    .prepare(
      `SELECT x.id, x.variable, x.old_value AS oldValue, x.new_value AS newValue, x.audit_id AS auditId
         FROM audit_log a JOIN correction x ON x.audit_id = a.id
        WHERE a.case_pk = ? AND a.source = 'cleaning' AND json_valid(a.details) AND json_extract(a.details, '$.offRouteOf') = ?
        ORDER BY x.id`,
    )
    .all(casePk, correctionId) as LinkedCorrection[];
}
