// Which project cases a replacing response import may not overwrite (keyed on paper, or cleaned): one query per import.
import type { Database } from 'better-sqlite3';

/**
 * The cases a replacing import (`--on-duplicate replace`) must not overwrite, by case ID:
 * - 'replaceKeyed': the case did not come from an import (source 'keying' or 'example'): a paper form keyed and
 *   possibly verified — replacing it would delete its double-keyed passes and unreconcile its batch;
 * - 'replaceCleaned': an imported case with a cleaning correction (any: corrections are append-only and the newest
 *   one is the case's final value, so it would win over the imported answer), an accepted warning, or an exclusion
 *   in force (not reversed).
 * One query per import (not per row); cases of neither kind are left out.
 * @param db the open project
 * @returns case ID → why a replace is refused
 */
export function replaceBlockedCases(db: Database): Map<string, 'replaceKeyed' | 'replaceCleaned'> {
  const rows = db
    .prepare(
      `SELECT c.case_id AS caseId, CASE WHEN c.source <> 'import' THEN 'replaceKeyed' ELSE 'replaceCleaned' END AS kind
         FROM case_record c
        WHERE c.source <> 'import'
           OR EXISTS (SELECT 1 FROM correction x WHERE x.case_pk = c.id)
           OR EXISTS (SELECT 1 FROM cleaning_acceptance a WHERE a.case_pk = c.id)
           OR EXISTS (SELECT 1 FROM exclusion e WHERE e.case_pk = c.id AND e.included_at IS NULL)`,
    )
    .all() as { caseId: string; kind: 'replaceKeyed' | 'replaceCleaned' }[];
  return new Map(rows.map((r) => [r.caseId, r.kind]));
}
