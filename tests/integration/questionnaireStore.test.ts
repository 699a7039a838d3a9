// Integration tests: a questionnaire stored in a project — versions, freezing once cases use it, the audit trail, CLI wiring.
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { questionnaireState, storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { placedVariables, type Questionnaire } from '../../shared/domain/questionnaire';
import { DomainError } from '../../shared/domain/errors';
import { runCli } from '../../electron/cli/cli';
import { sha256File, tempDir } from '../helpers/tmp';

const dir = tempDir();
const monitorDir = resolve(__dirname, '../../../shared/monitor');

function relabel(q: Questionnaire, version: string, newLabel: string): Questionnaire {
  const copy = JSON.parse(JSON.stringify(q)) as Questionnaire;
  const first = placedVariables(copy)[0]!.variable as { label: Record<string, string> };
  first.label = { ...first.label, [copy.defaultLanguage]: newLabel };
  return { ...copy, version };
}

describe('storing a questionnaire in a project', () => {
  it('replaces the version while no case uses it, then freezes it and requires a new version label', async () => {
    const q = await loadXlsform(monitorDir);
    const p = await openProjectForWrite(createProjectFile(join(dir, 'a.vwk'), 'A'), 'test');
    try {
      expect(storeQuestionnaire(p.db, q, 'tester')).toBe('new');
      expect(storeQuestionnaire(p.db, q, 'tester')).toBe('identical');
      expect(storeQuestionnaire(p.db, relabel(q, q.version, 'Nieuwe tekst'), 'tester')).toBe('labelOnly');
      let state = questionnaireState(p.db)!;
      expect(state.versions).toHaveLength(1);
      expect(state.frozen).toBe(false);

      p.db.prepare("INSERT INTO case_record (case_id, source, questionnaire_version_id, created_at, updated_at) VALUES ('1', 'keying', ?, 'now', 'now')").run(state.versionId);
      state = questionnaireState(p.db)!;
      expect(state.frozen).toBe(true);
      expect(state.caseCount).toBe(1);

      let err: unknown;
      try {
        storeQuestionnaire(p.db, relabel(q, q.version, 'Weer anders'), 'tester');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('QUESTIONNAIRE_INVALID');
      expect((err as DomainError).message).toMatch(/in use by 1 case\(s\) and frozen/);

      expect(storeQuestionnaire(p.db, relabel(q, '2014.2', 'Weer anders'), 'tester')).toBe('labelOnly');
      state = questionnaireState(p.db)!;
      expect(state.versions.map((v) => [v.version, v.frozen])).toEqual([[q.version, true], ['2014.2', false]]);
      expect(p.db.prepare('SELECT questionnaire_version_id AS v FROM case_record').get()).toEqual({ v: state.versions[0]!.versionId });

      const audit = p.db.prepare("SELECT reason FROM audit_log WHERE reason LIKE 'questionnaire%' ORDER BY id").all() as { reason: string }[];
      expect(audit.map((a) => a.reason)).toEqual([
        `questionnaire version ${q.version} stored`,
        `questionnaire version replaced: ${q.version} → ${q.version} (labelOnly)`,
        `questionnaire new version: ${q.version} → 2014.2 (labelOnly)`,
      ]);
    } finally {
      p.close();
    }
  });
});

describe('CLI: create --xlsform and questionnaire export', () => {
  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  it('creates a project from the Monitor XLSForm and exports it back identically', async () => {
    const p = join(dir, 'monitor.vwk');
    const c = await cli('create', p, '--xlsform', monitorDir, '--json');
    expect(c.code).toBe(0);
    const info = JSON.parse(c.out) as { questionnaireVersion: string; title: string };
    const q = await loadXlsform(monitorDir);
    expect(info.questionnaireVersion).toBe(q.version);
    expect(info.title).toBe(q.title);
    const out = join(dir, 'exported.xlsx');
    expect((await cli('questionnaire', 'export', p, '--xlsform', out)).code).toBe(0);
    expect(await loadXlsform(out)).toEqual(q);
    const d = await cli('questionnaire', 'diff', p, monitorDir);
    expect(d.out.trim()).toBe('0 changes: identical');
  });

  it('create --xlsform with a broken form creates nothing', async () => {
    const p = join(dir, 'broken.vwk');
    const r = await cli('create', p, '--xlsform', join(dir, 'no-such-form.xlsx'));
    expect(r.code).toBe(1);
    const { existsSync } = await import('node:fs');
    expect(existsSync(p)).toBe(false);
  });

  it('questionnaire export on a project without a questionnaire fails cleanly', async () => {
    const p = createProjectFile(join(dir, 'empty.vwk'), 'Empty');
    const before = sha256File(p);
    const r = await cli('questionnaire', 'export', p, '--xlsform', join(dir, 'x.xlsx'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/has no questionnaire/);
    expect(sha256File(p)).toBe(before);
  });
});
