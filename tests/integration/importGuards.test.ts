// Response import guards (issue 9, tester's defects): replace refused for keyed or cleaned cases, case IDs that lost
// their leading zeros, an unknown saved mapping, a forced UTF-8 on Windows-1252 bytes, --sheet on a CSV, --json on failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { importResponses } from '../../electron/backend/services/importResponses';
import { importCommand } from '../../electron/cli/commands/import';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';

const repoRoot = resolve(__dirname, '../..');
const dir = tempDir();
let p: ProjectDb;
const path = join(dir, 'guards.vwk');
const base = { encoding: 'auto', onDuplicate: 'refuse' } as const;

const counts = (): { cases: number; responses: number; audit: number; meta: unknown } => ({
  cases: Number(p.db.prepare('SELECT count(*) FROM case_record').pluck().get()),
  responses: Number(p.db.prepare('SELECT count(*) FROM answer').pluck().get()),
  audit: Number(p.db.prepare('SELECT count(*) FROM audit_log').pluck().get()),
  meta: p.db.prepare("SELECT value FROM project_meta WHERE key = 'import_mappings'").pluck().get() ?? null,
});
const valuesOf = (caseId: string, pass = 1): Record<string, string> =>
  Object.fromEntries((p.db.prepare('SELECT r.variable, r.value FROM answer r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.pass = ?').all(caseId, pass) as { variable: string; value: string }[]).map((r) => [r.variable, r.value]));
const pkOf = (caseId: string): number => Number(p.db.prepare('SELECT id FROM case_record WHERE case_id = ?').pluck().get(caseId));
const csv = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const failure = async (run: Promise<unknown>): Promise<DomainError> => {
  const e = await run.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
};

beforeAll(async () => {
  createProjectFile(path, 'Guards');
  p = await openProjectForWrite(path, 'test');
  storeQuestionnaire(p.db, await loadXlsform(resolve(repoRoot, '../shared/monitor')), 'test');
});
afterAll(() => p?.close());

describe('--on-duplicate replace', () => {
  it('replaces an imported case without cleaning; refuses a keyed paper form and a cleaned case (row, case ID, kind), stores nothing', async () => {
    expect(await importResponses(p.db, { ...base, file: csv('first.csv', 'case_id,toestemming,opmerking\nI1,1,eerst\nI2,1,eerst\nI3,1,eerst\nI4,1,eerst\n') }, 'tester', false)).toMatchObject({ imported: 4 });
    // A keyed, verified paper form: pass 1 and pass 2 answers.
    const now = '2026-12-04T10:00:00.000Z';
    const k = Number(p.db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES ('K1', 'keying', 'verified', ?, ?)").run(now, now).lastInsertRowid);
    p.db.prepare("INSERT INTO response (case_pk, variable, pass, value) VALUES (?, 'toestemming', 1, '1'), (?, 'toestemming', 2, '1')").run(k, k);
    // I2: a cleaning correction; I3: an accepted warning; I4: an exclusion in force.
    p.db.prepare("INSERT INTO correction (case_pk, variable, old_value, new_value, reason, operator, at, audit_id) VALUES (?, 'opmerking', 'eerst', 'gecorrigeerd', 'typo', 'm', ?, 0)").run(pkOf('I2'), now);
    p.db.prepare("INSERT INTO cleaning_acceptance (case_pk, rule_id, fingerprint, reason, operator, at) VALUES (?, 'r1', 'f', 'ok', 'm', ?)").run(pkOf('I3'), now);
    p.db.prepare("INSERT INTO exclusion (case_pk, reason_code, reason, operator, at, previous_status) VALUES (?, 'testForm', 'test', 'm', ?, 'open')").run(pkOf('I4'), now);

    const f = csv('replace.csv', 'case_id,toestemming,opmerking\nI1,2,nieuw\nI2,2,nieuw\nK1,2,nieuw\nI3,2,nieuw\nI4,2,nieuw\n');
    const input = { ...base, onDuplicate: 'replace', file: f } as const;
    const dry = await importResponses(p.db, input, 'tester', true);
    expect(dry.valid).toBe(false);
    expect(dry.errors.map((e) => [e.kind, e.row, e.caseId, e.column])).toEqual([
      ['replaceCleaned', 3, 'I2', 'case_id'],
      ['replaceKeyed', 4, 'K1', 'case_id'],
      ['replaceCleaned', 5, 'I3', 'case_id'],
      ['replaceCleaned', 6, 'I4', 'case_id'],
    ]);
    const before = counts();
    const err = await failure(importResponses(p.db, input, 'tester', false));
    expect(err.issues.map((i) => [i.row, i.reason, i.params?.caseId])).toEqual([
      [3, 'import.problem.replaceCleaned', 'I2'],
      [4, 'import.problem.replaceKeyed', 'K1'],
      [5, 'import.problem.replaceCleaned', 'I3'],
      [6, 'import.problem.replaceCleaned', 'I4'],
    ]);
    expect(counts()).toEqual(before);
    expect([valuesOf('K1', 1), valuesOf('K1', 2), valuesOf('I1')]).toEqual([{ toestemming: '1' }, { toestemming: '1' }, { toestemming: '1', opmerking: 'eerst' }]);

    // The documented resolution: skip those rows.
    expect(await importResponses(p.db, { ...input, onDuplicate: 'skip' }, 'tester', false)).toMatchObject({ imported: 0, replaced: 0, skipped: 5 });
    // An exclusion reversed no longer blocks; replacing the clean imported cases works and is audited.
    p.db.prepare("UPDATE exclusion SET included_at = ?, included_by = 'm', include_reason = 'terug' WHERE case_pk = ?").run(now, pkOf('I4'));
    const ok = await importResponses(p.db, { ...input, file: csv('replace-ok.csv', 'case_id,toestemming,opmerking\nI1,2,nieuw\nI4,2,nieuw\n') }, 'tester', false);
    expect(ok).toMatchObject({ imported: 0, replaced: 2 });
    expect([valuesOf('I1'), valuesOf('I4')]).toEqual([{ toestemming: '2', opmerking: 'nieuw' }, { toestemming: '2', opmerking: 'nieuw' }]);
    expect(p.db.prepare("SELECT count(*) FROM audit_log WHERE json_extract(details, '$.kind') = 'responsesReplaced'").pluck().get()).toBe(2);
    // Each overwritten answer is an audit row of its own (variable, old → new), as the audit view and export show them.
    expect(p.db.prepare("SELECT variable, old_value AS old, new_value AS new FROM audit_log WHERE case_pk = ? AND source = 'import' AND variable IS NOT NULL ORDER BY id").all(pkOf('I1'))).toEqual([
      { variable: 'opmerking', old: 'eerst', new: 'nieuw' },
      { variable: 'toestemming', old: '1', new: '2' },
    ]);
  });

  it('a dry run kept for the commit is not reused once a case got cleaning in between', async () => {
    const input = { ...base, onDuplicate: 'replace', file: csv('late.csv', 'case_id,toestemming\nI1,1\n') } as const;
    expect((await importResponses(p.db, input, 'tester', true)).valid).toBe(true);
    p.db.prepare("INSERT INTO cleaning_acceptance (case_pk, rule_id, fingerprint, reason, operator, at) VALUES (?, 'r1', 'f', 'ok', 'm', '2026-12-04')").run(pkOf('I1'));
    const err = await failure(importResponses(p.db, input, 'tester', false));
    expect(err.issues.map((i) => [i.row, i.reason])).toEqual([[2, 'import.problem.replaceCleaned']]);
  });
});

describe('case IDs that lost their leading zeros', () => {
  it('125 next to 0000125 in the file, and 45 for the project case 0000045: structural errors naming the padded ID', async () => {
    expect(await importResponses(p.db, { ...base, file: csv('z0.csv', 'case_id,toestemming\n0000045,1\n') }, 'tester', false)).toMatchObject({ imported: 1 });
    const f = csv('zeros.csv', 'case_id,toestemming\n0000125,1\n125,1\n45,2\n0045,2\n');
    const dry = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry.errors.map((e) => [e.kind, e.row, e.caseId, e.params])).toEqual([
      ['caseIdLostZeros', 3, '125', { caseId: '125', padded: '0000125', otherRow: 2 }],
      ['caseIdLostZeros', 4, '45', { caseId: '45', padded: '0000045' }],
      ['caseIdLostZeros', 5, '0045', { caseId: '0045', padded: '0000045' }],
    ]);
    expect(dry.warnings.filter((w) => w.kind === 'notInSample')).toEqual([]);
    const before = counts();
    await failure(importResponses(p.db, { ...base, file: f }, 'tester', false));
    expect(counts()).toEqual(before);
    // IDs given in full import as they are.
    expect(await importResponses(p.db, { ...base, file: csv('zeros-ok.csv', 'case_id,toestemming\n0000125,1\n0001250,1\n') }, 'tester', false)).toMatchObject({ imported: 2 });
  });
});

describe('file-level errors', () => {
  it('an unknown saved mapping name: NOT_FOUND listing the saved names, nothing saved', async () => {
    await importResponses(p.db, { ...base, file: csv('m.csv', 'case_id,toestemming\nM1,1\n'), mapping: {}, mappingName: 'limesurvey' }, 'tester', false);
    const before = counts();
    const err = await failure(importResponses(p.db, { ...base, file: csv('m2.csv', 'case_id,toestemming\nM2,1\n'), mappingName: 'limesurvy' }, 'tester', false));
    expect([err.code, err.message, err.issues[0]?.reason]).toEqual(['NOT_FOUND', 'no saved mapping named "limesurvy" (saved mappings: "limesurvey").', 'import.mapping.unknown']);
    expect(counts()).toEqual(before);
  });

  it('a forced utf-8 on Windows-1252 bytes: IMPORT_INVALID at the row and column (also in the dry run); auto still reads it', async () => {
    const f = join(dir, 'w1252.csv');
    writeFileSync(f, iconv.encode('case_id;opmerking;toestemming\nE1;goed;1\nE2;écht prima;1\n', 'win1252'));
    const err = await failure(importResponses(p.db, { ...base, encoding: 'utf-8', file: f }, 'tester', true));
    expect([err.code, err.issues]).toEqual(['IMPORT_INVALID', [{ file: 'w1252.csv', row: 3, column: 'opmerking', message: 'invalid UTF-8 byte sequence', reason: 'import.file.encoding', params: { file: 'w1252.csv', row: 3, column: 'opmerking' } }]]);
    expect(err.message).toMatch(/windows-1252/);
    expect(await importResponses(p.db, { ...base, file: f }, 'tester', true)).toMatchObject({ valid: true, encoding: 'windows-1252' });
    expect(await importResponses(p.db, { ...base, encoding: 'utf-8', file: csv('u8.csv', 'case_id,opmerking\nE3,écht\n') }, 'tester', true)).toMatchObject({ valid: true, encoding: 'utf-8' });
  });

  it('a sheet chosen for a CSV file is an error', async () => {
    const err = await failure(importResponses(p.db, { ...base, sheet: 'Blad1', file: csv('s.csv', 'case_id,toestemming\nS1,1\n') }, 'tester', true));
    expect([err.code, err.issues[0]?.reason]).toEqual(['IMPORT_INVALID', 'import.file.sheetOnCsv']);
  });
});

describe('CLI', () => {
  it('--json on a failed import writes the errors as JSON and exits non-zero; an unknown --mapping exits 2', async () => {
    const f = csv('cli-dup.csv', 'case_id,toestemming\nI1,1\n');
    p.close();
    const run = async (options: Record<string, string | boolean>): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const code = await importCommand.run({ positional: [path], options: { file: f, ...options } }, { out: (t) => (out += t), err: (t) => (err += t) });
      return { code, out, err };
    };
    try {
      const dup = await run({ json: true });
      expect(dup.code).toBe(1);
      expect(JSON.parse(dup.out)).toMatchObject({ valid: false, error: { code: 'IMPORT_INVALID' }, errors: [{ file: 'cli-dup.csv', row: 2, caseId: 'I1', kind: 'duplicateInProject' }] });
      const keyed = await run({ json: true, 'on-duplicate': 'replace', file: csv('cli-k.csv', 'case_id,toestemming\nK1,2\n') });
      expect([keyed.code, JSON.parse(keyed.out).errors]).toMatchObject([1, [{ row: 2, caseId: 'K1', column: 'case_id', kind: 'replaceKeyed' }]]);
      const mapping = await run({ json: true, 'dry-run': true, mapping: 'limesurvy' });
      expect([mapping.code, JSON.parse(mapping.out).errors[0].kind]).toEqual([2, 'unknown']);
      await expect(run({ mapping: 'limesurvy' })).rejects.toThrow(/no saved mapping named "limesurvy"/);
      const sheet = await run({ json: true, 'dry-run': true, sheet: 'Blad1' });
      expect([sheet.code, JSON.parse(sheet.out).errors[0]]).toEqual([1, { file: 'cli-dup.csv', sheet: 'Blad1', kind: 'sheetOnCsv', message: 'sheet given for a CSV file' }]);
    } finally {
      p = await openProjectForWrite(path, 'test');
    }
  });
});
