// Reads the audit-log summary for the Cleaning log sheet: entries per source and operator, and every cleaning entry.
import type { Database } from 'better-sqlite3';
import type { CleaningLogFacts } from '../../../shared/export';

/**
 * The Cleaning log sheet's figures from audit_log: counts per source, per source and operator, and the entries
 * with source 'cleaning' (oldest first) with their case ID.
 * @param db the project connection (read-only is enough)
 */
export function readCleaningLog(db: Database): CleaningLogFacts {
  const bySource = db.prepare('SELECT source, count(*) AS count FROM audit_log GROUP BY source ORDER BY source').all() as CleaningLogFacts['bySource'];
  const byOperator = db.prepare('SELECT source, operator, count(*) AS count FROM audit_log GROUP BY source, operator ORDER BY source, operator').all() as CleaningLogFacts['byOperator'];
  const cleaning = db
    .prepare(
      `SELECT a.at AS at, a.operator AS operator, c.case_id AS caseId, a.variable AS variable, a.old_value AS oldValue,
              a.new_value AS newValue, a.reason AS reason
         FROM audit_log a LEFT JOIN case_record c ON c.id = a.case_pk
        WHERE a.source = 'cleaning' ORDER BY a.id`,
    )
    .all() as CleaningLogFacts['cleaning'];
  return { bySource, byOperator, cleaning };
}
