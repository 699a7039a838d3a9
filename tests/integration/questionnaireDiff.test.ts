// Integration test: questionnaire.diff between two stored versions, and against another project or XLSForm.
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { diffQuestionnaires, questionnaireState, storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { placedVariables, type Questionnaire } from '../../shared/domain/questionnaire';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
const monitorDir = resolve(__dirname, '../../../shared/monitor');

/** A copy of `q` as version `version` with the first variable relabelled and a code added to the first choice list. */
function edited(q: Questionnaire, version: string): Questionnaire {
  const copy = JSON.parse(JSON.stringify(q)) as Questionnaire;
  const first = placedVariables(copy)[0]!.variable as { label: Record<string, string> };
  first.label = { ...first.label, [copy.defaultLanguage]: 'Nieuwe vraagtekst' };
  const withList = placedVariables(copy).find((p) => p.variable.listName !== undefined)!.variable;
  const lists = copy.lists.map((l) => (l.name === withList.listName ? { ...l, choices: [...l.choices, { code: '77', label: { [copy.defaultLanguage]: 'Nieuwe code' } }] } : l));
  return { ...copy, lists, version };
}

describe('questionnaire.diff', () => {
  it('compares two stored versions: a label change and a code added', async () => {
    const q = await loadXlsform(monitorDir);
    const p = await openProjectForWrite(createProjectFile(join(dir, 'diff.vwk'), 'Diff'), 'test');
    try {
      storeQuestionnaire(p.db, q, 'tester');
      const v1 = questionnaireState(p.db)!.versionId;
      p.db.prepare("INSERT INTO case_record (case_id, source, questionnaire_version_id, created_at, updated_at) VALUES ('1', 'keying', ?, 'now', 'now')").run(v1);
      storeQuestionnaire(p.db, edited(q, '2014.2'), 'tester');
      const v2 = questionnaireState(p.db)!.versionId;
      expect(v2).not.toBe(v1);

      const d = await diffQuestionnaires(p.db, {});
      expect(d.from).toEqual({ label: q.version || '1', versionId: v1 });
      expect(d.to).toEqual({ label: '2014.2', versionId: v2 });
      expect(d.classification).toBe('structural');
      const firstName = placedVariables(q)[0]!.variable.name;
      expect(d.changes).toContainEqual(expect.objectContaining({ kind: 'label', variable: firstName, what: 'label', after: 'Nieuwe vraagtekst' }));
      expect(d.changes.filter((c) => c.kind === 'structural').map((c) => c.what)).toContain('code added');
      expect(d.changes.every((c) => c.kind !== 'logic')).toBe(true);

      // the explicit ids give the same; the reverse direction reports the code as removed
      expect(await diffQuestionnaires(p.db, { fromVersionId: v1, toVersionId: v2 })).toEqual(d);
      const back = await diffQuestionnaires(p.db, { fromVersionId: v2, toVersionId: v1 });
      expect(back.changes.filter((c) => c.kind === 'structural').map((c) => c.what)).toEqual(expect.arrayContaining(['code removed']));

      // a version compared with itself is identical
      const same = await diffQuestionnaires(p.db, { fromVersionId: v1, toVersionId: v1 });
      expect(same).toMatchObject({ classification: 'identical', changes: [] });

      // another XLSForm: the Monitor folder as it is → only the edits of version 2
      const other = await diffQuestionnaires(p.db, { otherPath: monitorDir });
      expect(other.from.versionId).toBeNull();
      expect(other.classification).toBe('structural');
      expect(other.changes).toHaveLength(d.changes.length);

      await expect(diffQuestionnaires(p.db, { toVersionId: 9999 })).rejects.toBeInstanceOf(DomainError);
      await expect(diffQuestionnaires(p.db, { toVersionId: v1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(diffQuestionnaires(p.db, { fromVersionId: v1, otherPath: monitorDir })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      p.close();
    }
  });

  it('classifies a label-only change between versions as labelOnly, and reads another project read-only', async () => {
    const q = await loadXlsform(monitorDir);
    const otherPath = createProjectFile(join(dir, 'wave2012.vwk'), 'Wave 2012');
    const o = await openProjectForWrite(otherPath, 'test');
    try {
      storeQuestionnaire(o.db, q, 'tester');
    } finally {
      o.close();
    }
    const p = await openProjectForWrite(createProjectFile(join(dir, 'wave2014.vwk'), 'Wave 2014'), 'test');
    try {
      const relabelled = JSON.parse(JSON.stringify(q)) as Questionnaire;
      const v = placedVariables(relabelled)[1]!.variable as { label: Record<string, string> };
      v.label = { ...v.label, [relabelled.defaultLanguage]: 'Andere tekst' };
      storeQuestionnaire(p.db, relabelled, 'tester');
      const d = await diffQuestionnaires(p.db, { otherPath });
      expect(d.classification).toBe('labelOnly');
      expect(d.changes).toHaveLength(1);
      expect(d.from.label).toContain('wave2012.vwk');
    } finally {
      p.close();
    }
  });
});
