// Test helper: write keyed cases and their long-format responses straight into a project, in one transaction.
import type { Database as Db } from 'better-sqlite3';

/**
 * Inserts `cases` keyed cases (case IDs `<prefix>000001`, …) with `variables` responses each (pass 1),
 * all in one transaction.
 * @returns the number of response rows written
 */
export function insertKeyedCases(db: Db, cases: number, variables: number, prefix = 'T'): number {
  const now = new Date().toISOString();
  const addCase = db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'keying', 'complete', ?, ?)");
  const addResponse = db.prepare('INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, ?, ?)');
  let n = 0;
  db.transaction(() => {
    for (let c = 1; c <= cases; c++) {
      const pk = Number(addCase.run(`${prefix}${String(c).padStart(6, '0')}`, now, now).lastInsertRowid);
      for (let v = 1; v <= variables; v++) {
        addResponse.run(pk, `v${v}`, String((c * 31 + v * 7) % 9), 'tester', now);
        n++;
      }
    }
  })();
  return n;
}
