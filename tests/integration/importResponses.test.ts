// Response import on real project files: CSV encodings, delimiters, header rows, both multiple-choice layouts, XLSX dates and formulas, all-or-nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { importResponses, inspectResponseFile } from '../../electron/backend/services/importResponses';
import { readResponseFile } from '../../electron/backend/import/readResponses';
import { importCommand } from '../../electron/cli/commands/import';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';

const repoRoot = resolve(__dirname, '../..');
const dir = tempDir();
let p: ProjectDb;
const path = join(dir, 'import.vwk');

const counts = (): { cases: number; responses: number; audit: number } => ({
  cases: Number(p.db.prepare('SELECT count(*) FROM case_record').pluck().get()),
  responses: Number(p.db.prepare('SELECT count(*) FROM answer').pluck().get()),
  audit: Number(p.db.prepare('SELECT count(*) FROM audit_log').pluck().get()),
});
const valuesOf = (caseId: string): Record<string, string> =>
  Object.fromEntries((p.db.prepare('SELECT r.variable, r.value FROM answer r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id = ? AND r.pass = 1').all(caseId) as { variable: string; value: string }[]).map((r) => [r.variable, r.value]));
const base = { encoding: 'auto', onDuplicate: 'refuse' } as const;

beforeAll(async () => {
  createProjectFile(path, 'Import');
  p = await openProjectForWrite(path, 'test');
  storeQuestionnaire(p.db, await loadXlsform(resolve(repoRoot, '../shared/monitor')), 'test');
});
afterAll(() => p?.close());

describe('CSV files', () => {
  it('UTF-16 (Excel "Unicode Text"): little- and big-endian by their BOM, little-endian without one, forced; a broken pair is a file error', async () => {
    const text = 'case_id\ttoestemming\topmerking\r\nU16A\t1\tëén €\r\nU16B\t2\t\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16-be')]);
    const cases: [string, Buffer, 'auto' | 'utf-16le', string][] = [
      ['u16le.txt', le, 'auto', 'utf-16le'],
      ['u16be.txt', be, 'auto', 'utf-16be'],
      ['u16nobom.txt', iconv.encode(text, 'utf16le'), 'auto', 'utf-16le'],
      ['u16forced.txt', iconv.encode(text, 'utf16le'), 'utf-16le', 'utf-16le'],
    ];
    for (const [name, bytes, encoding, detected] of cases) {
      const f = join(dir, name);
      writeFileSync(f, bytes);
      const r = await readResponseFile(f, { encoding });
      expect([name, r.encoding, r.delimiter]).toEqual([name, detected, '\t']);
      expect(r.table.rows.map((x) => x.cells)).toEqual([['case_id', 'toestemming', 'opmerking'], ['U16A', '1', 'ëén €'], ['U16B', '2', '']]);
    }
    const before = counts();
    const f = join(dir, 'u16le.txt');
    expect(await importResponses(p.db, { ...base, file: f }, 'tester', false)).toMatchObject({ imported: 2, encoding: 'utf-16le' });
    expect(valuesOf('U16A')).toEqual({ toestemming: '1', opmerking: 'ëén €' });
    expect(counts().cases).toBe(before.cases + 2);
    // A high surrogate followed by a letter: not UTF-16; nothing is read.
    const broken = join(dir, 'u16broken.txt');
    writeFileSync(broken, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('case_id\r\nX', 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00])]));
    const err = (await importResponses(p.db, { ...base, file: broken }, 'tester', true).catch((e: unknown) => e)) as DomainError;
    expect([err.code, err.message, err.issues[0]?.reason, err.issues[0]?.params]).toEqual([
      'IMPORT_INVALID', 'u16broken.txt is not valid UTF-16LE (a broken character pair); save it again from the program that made it, or choose another encoding.', 'import.file.utf16', { file: 'u16broken.txt', encoding: 'UTF-16LE' },
    ]);
    // A forced encoding against the byte-order mark is a file error naming the mark, nothing read.
    for (const forced of ['utf-8', 'utf-16be', 'windows-1252'] as const) {
      const e = (await importResponses(p.db, { ...base, file: f, encoding: forced }, 'tester', true).catch((x: unknown) => x)) as DomainError;
      expect([forced, e.code, e.issues[0]?.reason, e.issues[0]?.params]).toEqual([forced, 'IMPORT_INVALID', 'import.file.bom', { file: 'u16le.txt', bom: 'UTF-16LE', encoding: forced.toUpperCase() }]);
    }
    expect((await readResponseFile(f, { encoding: 'utf-16le' })).encoding).toBe('utf-16le');
    // Windows-1252 text with a stray NUL byte is not taken for UTF-16.
    const nul = join(dir, 'nul.csv');
    writeFileSync(nul, Buffer.concat([iconv.encode('case_id;opmerking\r\nN9;caf\u00e9 ', 'win1252'), Buffer.from([0x00]), iconv.encode('\r\n', 'win1252')]));
    expect((await readResponseFile(nul)).encoding).toBe('windows-1252');
  });

  it('Windows-1252, `;`, decimal comma, a quoted line break, leading zeros, space-only cells, labels → codes', async () => {
    const f = join(dir, 'nl.csv');
    writeFileSync(f, iconv.encode('case_id;toestemming;groep;jaren_functie;opmerking\r\n000123;Ja;1;   ;"Heel goed,\r\nécht"\r\n000124; 2 ;2;3,5;   \r\n123456789012345678;1;2;4;\r\n', 'win1252'));
    const r = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(r).toMatchObject({ encoding: 'windows-1252', delimiter: ';', rows: 3, valid: true, imported: 0 });
    expect(r.columns.find((c) => c.header === 'toestemming')).toMatchObject({ labelsMapped: 1, trimmed: 1 });
    expect(r.warnings.some((w) => w.kind === 'offRoute' && w.caseId === '000124' && w.value === '3.5')).toBe(true);
    const before = counts();
    const done = await importResponses(p.db, { ...base, file: f }, 'tester', false);
    expect(done.imported).toBe(3);
    expect(counts().cases).toBe(before.cases + 3);
    expect(counts().audit).toBe(before.audit + 3 + 1); // one per case and one for the import
    expect(valuesOf('000123')).toEqual({ toestemming: '1', groep: '1', opmerking: 'Heel goed,\r\nécht' });
    expect(valuesOf('000124')).toEqual({ toestemming: '2', groep: '2', jaren_functie: '3.5' });
    expect(valuesOf('123456789012345678').groep).toBe('2');
    const c = p.db.prepare("SELECT source, status FROM case_record WHERE case_id = '000123'").get();
    expect(c).toEqual({ source: 'import', status: 'open' });
    const audit = JSON.parse(String(p.db.prepare("SELECT details FROM audit_log WHERE source = 'import' ORDER BY id DESC LIMIT 1").pluck().get())) as Record<string, unknown>;
    expect(audit).toMatchObject({ kind: 'responses', file: 'nl.csv', imported: 3 });
    expect(typeof audit.batchId).toBe('string');
    // The same file again: refused, nothing doubled.
    const again = counts();
    await expect(importResponses(p.db, { ...base, file: f }, 'tester', false)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    expect(counts()).toEqual(again);
    const skip = await importResponses(p.db, { ...base, onDuplicate: 'skip', file: f }, 'tester', false);
    expect(skip).toMatchObject({ imported: 0, skipped: 3 });
    expect(counts().cases).toBe(again.cases);
  });

  it('UTF-8 with BOM, a 3-row LimeSurvey/Qualtrics header, both multiple-choice layouts, unmapped labels, a saved mapping', async () => {
    const f = join(dir, 'lime.csv');
    const lines = [
      'Case ID,toestemming,inc_vorm,inc_vorm[1],inc_vorm[2],inc_vorm[3],submitdate,lastpage',
      'Case ID,Wilt u aan dit onderzoek deelnemen?,Welke vorm(en) van agressie of geweld kwamen bij dit incident voor?,Welke vorm: verbaal,Welke vorm: bedreiging,Welke vorm: fysiek,Datum verstuurd,Laatste pagina',
      ['caseid', 'QID1', 'QID2', 'QID2_1', 'QID2_2', 'QID2_3', 'submitdate', 'lastpage'].map((q) => `"{""ImportId"":""${q}""}"`).join(','),
      'W001,Ja,"1,2",1,1,0,2014-03-01 10:00,5',
      'W002,Misschien,3,0,1,0,,2',
      'W003,1,1 3,1,0,1,2014-03-02,5',
    ];
    writeFileSync(f, `\ufeff${lines.join('\r\n')}\r\n`);
    const info = await inspectResponseFile(p.db, { file: f, encoding: 'auto' });
    expect(info).toMatchObject({ encoding: 'utf-8-bom', delimiter: ',', headerRows: 3, rows: 3 });
    const dry = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry.errors.map((e) => [e.kind, e.column])).toEqual([['unmappedColumn', 'lastpage']]);
    expect(dry.unmappedLabels).toEqual([{ variable: 'toestemming', column: 'toestemming', label: 'Misschien', count: 1 }]);
    expect(dry.warnings.filter((w) => w.kind === 'layoutDisagree').map((w) => w.caseId)).toEqual(['W002']);
    expect(dry.warnings.some((w) => w.kind === 'code' && w.caseId === 'W002')).toBe(true);
    const mapping = { ignore: ['lastpage'], labels: { toestemming: { Misschien: '2' } } };
    const r = await importResponses(p.db, { ...base, file: f, mapping, mappingName: 'limesurvey' }, 'tester', false);
    expect(r).toMatchObject({ imported: 3, complete: 2, headerRows: 3 });
    expect(valuesOf('W001')).toMatchObject({ toestemming: '1', inc_vorm: '1 2' });
    expect(valuesOf('W002')).toMatchObject({ toestemming: '2', inc_vorm: '3' });
    expect(p.db.prepare("SELECT status FROM case_record WHERE case_id = 'W001'").pluck().get()).toBe('complete');
    expect(p.db.prepare("SELECT status FROM case_record WHERE case_id = 'W002'").pluck().get()).toBe('open');
    // The mapping is saved for the next file of the tool.
    const saved = JSON.parse(String(p.db.prepare("SELECT value FROM project_meta WHERE key = 'import_mappings'").pluck().get())) as Record<string, { mapping: unknown }>;
    expect(saved.limesurvey?.mapping).toMatchObject(mapping);
    const f2 = join(dir, 'lime2.csv');
    writeFileSync(f2, `\ufeff${[lines[0], lines[1], lines[2], 'W010,Misschien,2,0,1,0,,1'].join('\n')}\n`);
    const next = await importResponses(p.db, { ...base, file: f2, mappingName: 'limesurvey' }, 'tester', true);
    expect(next.valid).toBe(true);
    expect(next.unmappedLabels).toEqual([]);
  });

  it('a quote that is never closed: IMPORT_INVALID naming the file and the row it starts in', async () => {
    const f = join(dir, 'quote.csv');
    writeFileSync(f, 'case_id,opmerking\nQ1,goed\nQ2,"niet gesloten\nQ3,prima\n');
    const err = (await readResponseFile(f).catch((e: unknown) => e)) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('IMPORT_INVALID');
    expect(err.issues).toMatchObject([{ file: 'quote.csv', row: 3, reason: 'import.file.csv', params: { file: 'quote.csv', row: 3 } }]);
    expect(err.message).toMatch(/^quote\.csv is not valid CSV: .*quote.* \(row 3\)$/i);
  });

  it('row numbers stay those of the file after a quoted answer over three lines and a blank line', async () => {
    const f = join(dir, 'lines.csv');
    writeFileSync(f, 'case_id,opmerking\r\nL1,"een\r\ntwee\r\ndrie"\r\n\r\nL2,vier\r\n');
    const t = (await readResponseFile(f)).table;
    expect(t.rows.map((r) => [r.row, r.cells[0]])).toEqual([[1, 'case_id'], [2, 'L1'], [5, ''], [6, 'L2']]);
    expect(t.rows[1]!.cells[1]).toBe('een\r\ntwee\r\ndrie');
  });

  it('duplicate headers and duplicate IDs in the file stop the import; counts unchanged', async () => {
    const f = join(dir, 'dups.csv');
    writeFileSync(f, 'case_id,groep,groep\nD1,1,1\nD1,2,2\n');
    const before = counts();
    const dry = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry.warnings.some((w) => w.kind === 'duplicateHeader')).toBe(true);
    expect(new Set(dry.errors.map((e) => e.kind))).toEqual(new Set(['columnConflict', 'duplicateInFile']));
    const err = await importResponses(p.db, { ...base, file: f }, 'tester', false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).issues.some((i) => i.row === 3 && i.file === 'dups.csv')).toBe(true);
    expect(counts()).toEqual(before);
  });
});

describe('stored rows', () => {
  it('an import stores one row per case (its answers as a JSON object, no response rows); who and when in the audit row and case_record', async () => {
    const f = join(dir, 'lean.csv');
    writeFileSync(f, 'case_id,toestemming,groep,jaren_functie,opmerking\r\nN1,1,1,12,"zei ""ja"",\r\nmaar €"\r\nN2,2,2,,\r\n');
    const r = await importResponses(p.db, { ...base, file: f }, 'Els', false);
    expect(r.imported).toBe(2);
    expect(valuesOf('N1')).toEqual({ toestemming: '1', groep: '1', jaren_functie: '12', opmerking: 'zei "ja",\r\nmaar €' });
    expect(valuesOf('N2')).toEqual({ toestemming: '2', groep: '2' });
    const rows = p.db
      .prepare("SELECT c.case_id AS caseId, r.answers FROM response_import r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id IN ('N1', 'N2') ORDER BY 1")
      .all();
    expect(rows).toEqual([
      { caseId: 'N1', answers: JSON.stringify({ toestemming: '1', groep: '1', jaren_functie: '12', opmerking: 'zei "ja",\r\nmaar €' }) },
      { caseId: 'N2', answers: JSON.stringify({ toestemming: '2', groep: '2' }) },
    ]);
    expect(p.db.prepare("SELECT count(*) FROM response r JOIN case_record c ON c.id = r.case_pk WHERE c.case_id IN ('N1', 'N2')").pluck().get()).toBe(0);
    const audit = p.db.prepare("SELECT at, operator, json_extract(details, '$.caseIds') AS ids FROM audit_log WHERE source = 'import' ORDER BY id DESC LIMIT 1").get() as { at: string; operator: string; ids: string };
    expect([audit.operator, JSON.parse(audit.ids)]).toEqual(['Els', ['N1', 'N2']]);
    expect(p.db.prepare("SELECT DISTINCT updated_at FROM case_record WHERE case_id IN ('N1', 'N2')").pluck().all()).toEqual([audit.at]);
  });
});

describe('case IDs and file errors', () => {
  it('a 7-digit case ID with a wrong Damm check digit (9999999; right: 9999990) blocks the commit with row, column, case ID and kind', async () => {
    const f = join(dir, 'checkdigit.csv');
    writeFileSync(f, 'case_id;toestemming;jaren_functie\r\n9999990;1;4\r\n9999999;1;5\r\n');
    const before = counts();
    const dry = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry.valid).toBe(false);
    expect(dry.errors.map((e) => [e.kind, e.row, e.column, e.caseId])).toEqual([['caseIdCheckDigit', 3, 'case_id', '9999999']]);
    const err = (await importResponses(p.db, { ...base, file: f }, 'tester', false).catch((e: unknown) => e)) as DomainError;
    expect([err.code, err.issues.map((i) => [i.row, i.column, i.value, i.message.split(':')[0], i.reason, i.params])]).toEqual(['IMPORT_INVALID', [[3, 'case_id', '9999999', 'caseIdCheckDigit', 'import.problem.caseIdCheckDigit', { caseId: '9999999' }]]]);
    expect(counts()).toEqual(before);
  });

  it('a missing file and a damaged .xlsx: errors naming the file, with a stable issue message (no library text or URL)', async () => {
    const missing = (await importResponses(p.db, { ...base, file: join(dir, 'nope.csv') }, 'tester', true).catch((e: unknown) => e)) as DomainError;
    expect([missing.code, missing.issues]).toEqual(['NOT_FOUND', [{ file: 'nope.csv', message: 'file not found', reason: 'import.file.notFound', params: { file: 'nope.csv' } }]]);
    expect(missing.message).toMatch(/^nope\.csv: the file does not exist/);
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, 'this is not a zip archive');
    const err = (await importResponses(p.db, { ...base, file: bad }, 'tester', true).catch((e: unknown) => e)) as DomainError;
    expect([err.code, err.issues]).toEqual(['IMPORT_INVALID', [{ file: 'bad.xlsx', message: 'not an xlsx workbook', reason: 'import.file.notXlsx', params: { file: 'bad.xlsx' } }]]);
    expect(err.message).not.toMatch(/https?:|zip/i);
  });
});

describe('a commit right after a dry run', () => {
  it('a commit given the SHA-256 the dry run read refuses a file changed on disk since (nothing stored); the same bytes import', async () => {
    const f = join(dir, 'changed.csv');
    writeFileSync(f, 'case_id,toestemming\nS1,1\nS2,2\n');
    const dry = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry).toMatchObject({ valid: true, rows: 2 });
    writeFileSync(f, 'case_id,toestemming\nS1,1\nS2,2\nS3,1\n');
    const before = counts();
    const err = (await importResponses(p.db, { ...base, file: f }, 'tester', false, { expectedSha256: dry.sha256 }).catch((e: unknown) => e)) as DomainError;
    expect([err.code, err.issues.map((i) => [i.reason, i.params])]).toEqual(['IMPORT_INVALID', [['import.file.changed', { file: 'changed.csv' }]]]);
    expect(err.message).toMatch(/^changed\.csv has changed since it was checked \(SHA-256 [0-9a-f]{12}…, checked [0-9a-f]{12}…\); check it again before importing\. Nothing was imported\.$/);
    expect(counts()).toEqual(before);
    writeFileSync(f, 'case_id,toestemming\nS1,1\nS2,2\n');
    expect(await importResponses(p.db, { ...base, file: f }, 'tester', false, { expectedSha256: dry.sha256 })).toMatchObject({ imported: 2, sha256: dry.sha256 });
  });

  it('reuses the dry run only while file, options and project are unchanged: a case added since, or a changed file, is analysed again', async () => {
    const f = join(dir, 'reuse.csv');
    writeFileSync(f, 'case_id,toestemming,opmerking\nR1,1,eerste\nR2,2,tweede\n');
    const dry = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry).toMatchObject({ valid: true, rows: 2 });
    // Another import adds R2 between the dry run and the commit: the commit must see it and refuse.
    const other = join(dir, 'reuse-other.csv');
    writeFileSync(other, 'case_id,toestemming\nR2,1\n');
    expect(await importResponses(p.db, { ...base, file: other }, 'tester', false)).toMatchObject({ imported: 1 });
    const before = counts();
    const err = (await importResponses(p.db, { ...base, file: f }, 'tester', false).catch((e: unknown) => e)) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.issues.map((i) => [i.row, i.message.split(':')[0]])).toEqual([[3, 'duplicateInProject']]);
    expect(counts()).toEqual(before);

    // A dry run, then the file is rewritten under the same name: the commit stores what the file holds now.
    writeFileSync(f, 'case_id,toestemming,opmerking\nR3,1,derde\n');
    const dry2 = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry2).toMatchObject({ valid: true, rows: 1 });
    writeFileSync(f, 'case_id,toestemming,opmerking\nR4,2,vierde\nR5,1,vijfde\n');
    const done = await importResponses(p.db, { ...base, file: f }, 'tester', false);
    expect(done).toMatchObject({ dryRun: false, rows: 2, imported: 2 });
    expect(valuesOf('R3')).toEqual({});
    expect(valuesOf('R4')).toEqual({ toestemming: '2', opmerking: 'vierde' });

    // Unchanged: the commit reports what the dry run found and stores it.
    const g = join(dir, 'reuse-same.csv');
    writeFileSync(g, 'case_id,toestemming,opmerking\nR6,1,zesde\nR7,9,zevende\n');
    const dry3 = await importResponses(p.db, { ...base, file: g }, 'tester', true);
    const done3 = await importResponses(p.db, { ...base, file: g }, 'tester', false);
    expect([done3.rows, done3.counts, done3.warnings, done3.imported]).toEqual([dry3.rows, dry3.counts, dry3.warnings, 2]);
    expect(dry3.warnings.length).toBeGreaterThan(0);
    expect(valuesOf('R7')).toEqual({ toestemming: '9', opmerking: 'zevende' });
  });
});

describe('all or nothing', () => {
  it('a failure while storing (the last row) rolls back every case, answer, audit row and the mapping', async () => {
    const f = join(dir, 'boom.csv');
    writeFileSync(f, 'case_id,toestemming,opmerking\nB1,1,goed\nB2,2,prima\nB3,1,BOOM\n');
    const before = counts();
    const mappingsBefore = p.db.prepare("SELECT value FROM project_meta WHERE key = 'import_mappings'").pluck().get();
    const dry = await importResponses(p.db, { ...base, file: f }, 'tester', true);
    expect(dry).toMatchObject({ valid: true, rows: 3 });
    p.db.exec("CREATE TEMP TRIGGER boom BEFORE INSERT ON main.response_import WHEN NEW.answers LIKE '%BOOM%' BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
    try {
      await expect(importResponses(p.db, { ...base, file: f, mapping: {}, mappingName: 'boomtool' }, 'tester', false)).rejects.toThrow('disk full (simulated)');
    } finally {
      p.db.exec('DROP TRIGGER temp.boom');
    }
    expect(counts()).toEqual(before);
    expect(p.db.pragma('foreign_keys', { simple: true })).toBe(1); // switched on again after the failure
    expect(p.db.prepare("SELECT count(*) FROM case_record WHERE case_id IN ('B1', 'B2', 'B3')").pluck().get()).toBe(0);
    expect(p.db.prepare("SELECT value FROM project_meta WHERE key = 'import_mappings'").pluck().get()).toEqual(mappingsBefore);
    // The same file imports once the cause is gone.
    expect(await importResponses(p.db, { ...base, file: f }, 'tester', false)).toMatchObject({ imported: 3 });
    expect(counts().cases).toBe(before.cases + 3);
  });

  it('foreign keys are off while the import stores, on again after it, and hold afterwards', async () => {
    const f = join(dir, 'fk.csv');
    writeFileSync(f, 'case_id,toestemming,groep\nF1,1,1\nF2,2,2\n');
    // Records the foreign_keys setting seen by each stored answer.
    p.db.exec('CREATE TEMP TABLE fk_seen (fk INTEGER)');
    p.db.exec('CREATE TEMP TRIGGER fk_probe AFTER INSERT ON main.response_import BEGIN INSERT INTO fk_seen SELECT foreign_keys FROM pragma_foreign_keys; END');
    try {
      expect(p.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(await importResponses(p.db, { ...base, file: f }, 'tester', false)).toMatchObject({ imported: 2 });
      expect(p.db.prepare('SELECT fk, count(*) AS n FROM fk_seen GROUP BY fk').all()).toEqual([{ fk: 0, n: 2 }]);
    } finally {
      p.db.exec('DROP TRIGGER temp.fk_probe; DROP TABLE temp.fk_seen');
    }
    expect(p.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(p.db.pragma('foreign_key_check')).toEqual([]);
    // Checked again: an answer of a case that does not exist is refused.
    expect(() => p.db.prepare("INSERT INTO response (case_pk, variable, pass, value) VALUES (999999, 'groep', 1, '1')").run()).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => p.db.prepare("INSERT INTO response_import (case_pk, answers) VALUES (999999, '{}')").run()).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('an unmapped column among valid rows: the commit refuses with every blocking problem located, nothing stored', async () => {
    const f = join(dir, 'unmapped.csv');
    writeFileSync(f, 'case_id,toestemming,browser\nU1,1,firefox\nU2,1,edge\n');
    const before = counts();
    const err = (await importResponses(p.db, { ...base, file: f }, 'tester', false).catch((e: unknown) => e)) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect([err.code, err.message]).toEqual(['IMPORT_INVALID', 'unmapped.csv: 1 blocking problem; nothing was imported.']);
    expect(err.issues).toEqual([{ file: 'unmapped.csv', column: 'browser', message: 'unmappedColumn: Column browser matches no variable; map it to one or ignore it.', reason: 'import.problem.unmappedColumn', params: { column: 'browser' } }]);
    expect(counts()).toEqual(before);
  });
});

describe('XLSX files', () => {
  it('1904 dates, inline strings, leading-zero number format; a formula without cached value blocks the import', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('Antwoorden');
    ws.addRow(['case_id', 'toestemming', 'groep', 'datum', 'jaren_functie']);
    ws.addRow(['X001', { richText: [{ text: 'J' }, { text: 'a', font: { bold: true } }] }, 2, new Date(Date.UTC(2014, 2, 1)), 4]);
    const r3 = ws.addRow([42, '1', 1, new Date(Date.UTC(2014, 2, 2)), { formula: 'B2+1' }]);
    r3.getCell(1).numFmt = '000000';
    ws.getColumn(4).numFmt = 'yyyy-mm-dd';
    const f = join(dir, 'web.xlsx');
    writeFileSync(f, Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: false } as ExcelJS.XlsxWriteOptions)));
    const raw = await readResponseFile(f);
    expect(raw.table.rows[1]!.cells.slice(0, 4)).toEqual(['X001', 'Ja', '2', '2014-03-01']);
    expect(raw.table.rows[2]!.cells[0]).toBe('000042');
    expect(raw.table.unreadable).toEqual([{ row: 3, col: 5, reason: 'formulaWithoutValue', value: '=B2+1' }]);
    const before = counts();
    const dry = await importResponses(p.db, { ...base, file: f, mapping: { ignore: ['datum'] } }, 'tester', true);
    expect(dry.errors.map((e) => [e.kind, e.row, e.column])).toEqual([['formulaWithoutValue', 3, 'jaren_functie']]);
    await expect(importResponses(p.db, { ...base, file: f, mapping: { ignore: ['datum'] } }, 'tester', false)).rejects.toMatchObject({ code: 'IMPORT_INVALID' });
    expect(counts()).toEqual(before);
    const ok = await importResponses(p.db, { ...base, file: f, mapping: { ignore: ['datum', 'jaren_functie'] } }, 'tester', false);
    expect(ok).toMatchObject({ imported: 2, sheet: 'Antwoorden' });
    expect(valuesOf('000042')).toEqual({ toestemming: '1', groep: '1' });
  });
});

describe('CLI', () => {
  it('import --dry-run --json reports and stores nothing', async () => {
    const f = join(dir, 'cli.csv');
    writeFileSync(f, 'case_id,toestemming\nC1,1\n');
    p.close();
    let out = '';
    try {
      const code = await importCommand.run({ positional: [path], options: { file: f, 'dry-run': true, json: true } }, { out: (t) => (out += t), err: () => {} });
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ rows: 1, valid: true, imported: 0 });
      out = '';
      expect(await importCommand.run({ positional: [path], options: { file: f } }, { out: (t) => (out += t), err: () => {} })).toBe(0);
      expect(out).toContain('Imported:  1 new cases');
    } finally {
      p = await openProjectForWrite(path, 'test');
    }
    expect(valuesOf('C1')).toEqual({ toestemming: '1' });
  });
});
