// SQL for questionnaire versions: the stored definition (JSON) per version, and whether a version is frozen.
import type { Database } from 'better-sqlite3';
import type { Questionnaire } from '../../../../shared/domain/questionnaire';

/** A stored version row with its parsed definition. */
export interface StoredVersion {
  versionId: number;
  version: string;
  createdAt: string;
  frozenAt: string | null;
  caseCount: number;
  questionnaire: Questionnaire;
}

/** All versions, oldest first, without definitions. A version is frozen once cases use it or it was frozen by hand. */
export function listVersions(db: Database): { versionId: number; version: string; createdAt: string; frozen: boolean }[] {
  const rows = db
    .prepare(
      `SELECT v.id AS versionId, v.version AS version, v.created_at AS createdAt, v.frozen_at AS frozenAt,
              (SELECT count(*) FROM case_record c WHERE c.questionnaire_version_id = v.id) AS caseCount
         FROM questionnaire_version v ORDER BY v.id`,
    )
    .all() as { versionId: number; version: string; createdAt: string; frozenAt: string | null; caseCount: number }[];
  return rows.map((r) => ({ versionId: r.versionId, version: r.version, createdAt: r.createdAt, frozen: r.frozenAt !== null || r.caseCount > 0 }));
}

/** The newest version with its definition, or null when the project has none. */
export function latestVersion(db: Database): StoredVersion | null {
  const r = db
    .prepare(
      `SELECT v.id AS versionId, v.version AS version, v.created_at AS createdAt, v.frozen_at AS frozenAt, v.definition AS definition,
              (SELECT count(*) FROM case_record c WHERE c.questionnaire_version_id = v.id) AS caseCount
         FROM questionnaire_version v ORDER BY v.id DESC LIMIT 1`,
    )
    .get() as { versionId: number; version: string; createdAt: string; frozenAt: string | null; definition: string; caseCount: number } | undefined;
  if (!r) return null;
  return { versionId: r.versionId, version: r.version, createdAt: r.createdAt, frozenAt: r.frozenAt, caseCount: r.caseCount, questionnaire: JSON.parse(r.definition) as Questionnaire };
}

/** One version with its definition by id, or null when the project has no such version. */
export function versionById(db: Database, versionId: number): StoredVersion | null {
  const r = db
    .prepare(
      `SELECT v.id AS versionId, v.version AS version, v.created_at AS createdAt, v.frozen_at AS frozenAt, v.definition AS definition,
              (SELECT count(*) FROM case_record c WHERE c.questionnaire_version_id = v.id) AS caseCount
         FROM questionnaire_version v WHERE v.id = ?`,
    )
    .get(versionId) as { versionId: number; version: string; createdAt: string; frozenAt: string | null; definition: string; caseCount: number } | undefined;
  if (!r) return null;
  return { versionId: r.versionId, version: r.version, createdAt: r.createdAt, frozenAt: r.frozenAt, caseCount: r.caseCount, questionnaire: JSON.parse(r.definition) as Questionnaire };
}

/** Inserts a new version. @returns its id */
export function insertVersion(db: Database, label: string, q: Questionnaire, now: string): number {
  const r = db.prepare('INSERT INTO questionnaire_version (version, title, definition, created_at) VALUES (?, ?, ?, ?)').run(label, q.title, JSON.stringify(q), now);
  return Number(r.lastInsertRowid);
}

/** Replaces the definition (and label) of a version that is not frozen. */
export function replaceVersion(db: Database, versionId: number, label: string, q: Questionnaire): void {
  db.prepare('UPDATE questionnaire_version SET version = ?, title = ?, definition = ? WHERE id = ? AND frozen_at IS NULL').run(label, q.title, JSON.stringify(q), versionId);
}

/** True when another version already carries this label. */
export function versionLabelTaken(db: Database, label: string, exceptId: number | null): boolean {
  return db.prepare('SELECT 1 FROM questionnaire_version WHERE version = ? AND id IS NOT ?').get(label, exceptId) !== undefined;
}
