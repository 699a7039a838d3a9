// Reads the audit-log summary for the Cleaning log sheet: entries per source and operator, and every cleaning entry.
import type { Database } from 'better-sqlite3';
import type { CleaningLogFacts } from '../../../shared/export';
import { RULE_SQL, RULE_VARIABLES_SQL, ruleVariablesOf } from '../db/repos/auditRepo';

/**
 * The Cleaning log sheet's figures from audit_log: counts per source, per source and operator, and the entries
 * with source 'cleaning' (oldest first) with their case ID, action and (acceptances and their withdrawals) the rule and
 * its variables (in the Variable column).
 * @param db the project connection (read-only is enough)
 */
export function readCleaningLog(db: Database): CleaningLogFacts {
  const bySource = db.prepare('SELECT source, count(*) AS count FROM audit_log GROUP BY source ORDER BY source').all() as CleaningLogFacts['bySource'];
  const byOperator = db.prepare('SELECT source, operator, count(*) AS count FROM audit_log GROUP BY source, operator ORDER BY source, operator').all() as CleaningLogFacts['byOperator'];
  const cleaning = db
    .prepare(
      `SELECT a.at AS at, a.operator AS operator, c.case_id AS caseId, CASE WHEN json_valid(a.details) THEN json_extract(a.details, '$.action') END AS action,
              ${RULE_SQL} AS rule, ${RULE_VARIABLES_SQL} AS ruleVariables, a.variable AS variable, a.old_value AS oldValue,
              a.new_value AS newValue, a.reason AS reason
         FROM audit_log a LEFT JOIN case_record c ON c.id = a.case_pk
        WHERE a.source = 'cleaning' ORDER BY a.id`,
    )
    .all()
    .map((r) => {
      const { ruleVariables, ...x } = r as CleaningLogFacts['cleaning'][number] & { ruleVariables: unknown };
      const vars = ruleVariablesOf(ruleVariables);
      return { ...x, action: typeof x.action === 'string' ? x.action : null, rule: typeof x.rule === 'string' ? x.rule : null, variable: x.variable ?? (vars.length > 0 ? vars.join(', ') : null) };
    });
  return { bySource, byOperator, cleaning };
}
