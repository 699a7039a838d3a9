// A wrong folder picked for the XLSForm import: the error names the folder and carries a stable reason for the UI.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXlsformRows } from '../../electron/backend/services/xlsformFiles';
import { DomainError } from '../../shared/domain/errors';

describe('readXlsformRows on a folder without survey.csv', () => {
  it('throws IO_ERROR naming the folder and the files expected, with reason xlsform.folderWithoutSurvey', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vw-nosurvey-'));
    writeFileSync(join(dir, 'choices.csv'), 'list_name,name,label\n');
    const err = await readXlsformRows(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.code).toBe('IO_ERROR');
    expect(e.message).toContain(dir);
    expect(e.message).toMatch(/survey\.csv.*choices\.csv.*\.xlsx/);
    expect(e.issues).toEqual([{ file: dir, sheet: 'survey', message: 'survey.csv not found', reason: 'xlsform.folderWithoutSurvey', params: { folder: dir } }]);
  });

  it('refuses a single CSV file with reason xlsform.csvFileNotFolder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vw-onecsv-'));
    const file = join(dir, 'survey.csv');
    writeFileSync(file, 'type,name,label\n');
    const err = (await readXlsformRows(file).catch((e: unknown) => e)) as DomainError;
    expect(err.code).toBe('IO_ERROR');
    expect(err.issues[0]).toMatchObject({ reason: 'xlsform.csvFileNotFolder', params: { file } });
  });
});
