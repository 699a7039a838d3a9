// Import screen: the identity of what a dry run checked (a commit only of exactly that) and the English/Dutch plurals.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { checkKey, importReportCurrent, type ImportForm, type SavedImportMapping } from '../../renderer/stores/importSlice';
import type { ResponseImportReport } from '../../shared/contract/import';

const form: ImportForm = { file: '/data/valid2.csv', encoding: 'auto', sheet: '', headerRows: null, mappingName: '', onDuplicate: 'refuse' };
const saved: SavedImportMapping[] = [{ name: 'limesurvey', savedAt: '2026-12-01T10:00:00.000Z', mapping: { caseIdColumn: 'id' } }];

describe('checkKey: what a dry run checked', () => {
  const k = checkKey(form, {}, saved);
  it('differs for another file, encoding, sheet, header rows, duplicate choice or explicit mapping', () => {
    expect(checkKey({ ...form, file: '/data/other.csv' }, {}, saved)).not.toBe(k);
    expect(checkKey({ ...form, encoding: 'windows-1252' }, {}, saved)).not.toBe(k);
    expect(checkKey({ ...form, sheet: 'Blad2' }, {}, saved)).not.toBe(k);
    expect(checkKey({ ...form, headerRows: 2 }, {}, saved)).not.toBe(k);
    expect(checkKey({ ...form, onDuplicate: 'skip' }, {}, saved)).not.toBe(k);
    expect(checkKey(form, { ignore: ['Startdatum'] }, saved)).not.toBe(k);
  });
  it('differs for a name with a saved mapping, not for a new name (no saved mapping: the same effective mapping)', () => {
    expect(checkKey({ ...form, mappingName: 'limesurvey' }, {}, saved)).not.toBe(k);
    expect(checkKey({ ...form, mappingName: 'webtool' }, {}, saved)).toBe(k);
    expect(checkKey({ ...form, file: ' /data/valid2.csv ' }, {}, saved)).toBe(k);
  });
  it('importReportCurrent: only the report of the current key may be committed', () => {
    const report = { valid: true } as ResponseImportReport;
    const s = { importReport: report, importCheckedKey: k, importForm: form, importMapping: {}, importMappings: saved };
    expect(importReportCurrent(s)).toBe(true);
    expect(importReportCurrent({ ...s, importForm: { ...form, file: '/data/other.csv' } })).toBe(false);
    expect(importReportCurrent({ ...s, importReport: null })).toBe(false);
  });
});

describe('import plurals (i18next _one/_other)', () => {
  it('English and Dutch say 1 case / 1 row and 2 cases / 2 rows', async () => {
    const tr = i18next.createInstance();
    await tr.init({ lng: 'en', resources: { nl: { translation: nl }, en: { translation: en } }, interpolation: { escapeValue: false } });
    const both = async (lng: string) => {
      await tr.changeLanguage(lng);
      return [1, 2].flatMap((count) => [
        tr.t('import.commit.run', { count }),
        tr.t('import.result.added', { count }),
        tr.t('import.report.rows', { count, complete: 0, skipped: 0 }),
        tr.t('import.report.invalid', { count }),
        tr.t('import.file.facts', { count, file: 'a.csv', headerRows: 1, how: 'utf-8' }),
      ]);
    };
    expect(await both('en')).toEqual([
      'Import 1 case', '1 case added.', '1 row, 0 complete, 0 skipped.', '1 blocking problem: nothing will be imported.', 'a.csv: 1 row, 1 header row(s), utf-8.',
      'Import 2 cases', '2 cases added.', '2 rows, 0 complete, 0 skipped.', '2 blocking problems: nothing will be imported.', 'a.csv: 2 rows, 1 header row(s), utf-8.',
    ]);
    expect(await both('nl')).toEqual([
      '1 case importeren', '1 case toegevoegd.', '1 rij, 0 compleet, 0 overgeslagen.', '1 blokkerend probleem: er wordt niets geïmporteerd.', 'a.csv: 1 rij, 1 kopregel(s), utf-8.',
      '2 cases importeren', '2 cases toegevoegd.', '2 rijen, 0 compleet, 0 overgeslagen.', '2 blokkerende problemen: er wordt niets geïmporteerd.', 'a.csv: 2 rijen, 1 kopregel(s), utf-8.',
    ]);
  });
});
