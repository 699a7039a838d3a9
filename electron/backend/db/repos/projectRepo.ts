// SQL for project metadata, case counts and the case list (all SQL lives in repos/).
import type { Database } from 'better-sqlite3';
import type { CaseCounts, CaseRow } from '../../../../shared/contract/schemas';

/** Reads the project_meta table as a key → value map. */
export function readMeta(db: Database): Record<string, string> {
  const rows = db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/**
 * Counts cases by status: total, complete (complete or verified), verified, excluded, and keyedPaper — paper
 * forms keyed to the end (source keying, complete or verified), the only forms that are re-keyed, so the base of
 * the verification rate (imported web forms are never verified).
 */
export function caseCounts(db: Database): CaseCounts {
  const r = db
    .prepare(
      `SELECT count(*) AS total,
              coalesce(sum(status IN ('complete', 'verified')), 0) AS complete,
              coalesce(sum(status = 'verified'), 0) AS verified,
              coalesce(sum(status = 'excluded'), 0) AS excluded,
              coalesce(sum(source = 'keying' AND status IN ('complete', 'verified')), 0) AS keyedPaper
         FROM case_record`,
    )
    .get() as CaseCounts;
  return { total: r.total, complete: r.complete, verified: r.verified, excluded: r.excluded, keyedPaper: r.keyedPaper };
}

/** The newest questionnaire version's label, or null when the project has no questionnaire yet. */
export function latestQuestionnaireVersion(db: Database): string | null {
  const r = db.prepare('SELECT version FROM questionnaire_version ORDER BY id DESC LIMIT 1').get() as { version: string } | undefined;
  return r?.version ?? null;
}

/**
 * One page of the case list in case-ID order.
 * @param offset rows to skip (≥ 0); @param limit rows to return (≥ 1)
 * @returns the total number of cases and the page's rows
 */
export function listCases(db: Database, offset: number, limit: number): { total: number; rows: CaseRow[] } {
  const total = (db.prepare('SELECT count(*) AS n FROM case_record').get() as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT c.id AS id, c.case_id AS caseId, c.status AS status, b.number AS batch, c.updated_at AS updatedAt, c.source AS source
         FROM case_record c LEFT JOIN batch b ON b.id = c.batch_id
        ORDER BY c.case_id LIMIT ? OFFSET ?`,
    )
    .all(limit, offset) as CaseRow[];
  return { total, rows };
}
