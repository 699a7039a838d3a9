// Import messages in the UI language: dry-run problems by kind and params, file errors naming the file (nl and en).
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import type { ResultError } from '../../shared/contract/result';
import { fileErrorMessage, issueMessage, problemMessage, type ImportProblemShown, type MessageRef } from '../../renderer/features/import/problemText';

async function translator(lng: 'nl' | 'en'): Promise<(m: MessageRef | null) => string> {
  const tr = i18next.createInstance();
  await tr.init({ lng, resources: { nl: { translation: nl }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return (m) => {
    if (!m) return '(none)';
    expect(tr.exists(m.key), m.key).toBe(true);
    return tr.t(m.key, m.params as never) as unknown as string;
  };
}

const base = { severity: 'warning', file: 'web.csv' } as const;
const problems: ImportProblemShown[] = [
  { ...base, kind: 'type', row: 4, column: 'jaren_functie', caseId: '0000013', variable: 'jaren_functie', value: '12.5', message: '12.5 is not a whole number' },
  { ...base, kind: 'type', row: 5, column: 'jaren_functie', caseId: '0000021', variable: 'jaren_functie', value: '7 jaar', message: '7 jaar is not a number' },
  { ...base, kind: 'notInSample', row: 6, caseId: '0000039', params: { caseId: '0000039' }, message: 'Case 0000039 is not in the sample.' },
  { ...base, severity: 'error', kind: 'caseIdCheckDigit', row: 7, column: 'case_id', caseId: '9999999', value: '9999999', params: { caseId: '9999999' }, message: 'Case ID 9999999: …' },
  { ...base, kind: 'duplicateInFile', row: 8, caseId: 'A', params: { caseId: 'A', otherRow: 2, resolution: 'skip' }, message: 'Case A is also in row 2; this row is skipped.' },
];

describe('import problems in the UI language', () => {
  it('Dutch: check violations as the cleaning area words them, the import kinds from their params', async () => {
    const t = await translator('nl');
    expect(problems.map((p) => t(problemMessage(p)))).toEqual([
      '12.5 is geen geheel getal (jaren_functie)',
      '7 jaar is geen getal (jaren_functie)',
      'Case 0000039 zit niet in de steekproef.',
      'Case-ID 9999999: het controlecijfer klopt niet (een cijfer verkeerd getypt of twee cijfers omgewisseld); de case is niet aan de steekproef te koppelen.',
      'Case A staat ook in rij 2; deze rij wordt overgeslagen.',
    ]);
  });

  it('English: the same messages; a form check with its own text has no key (shown as it came)', async () => {
    const t = await translator('en');
    expect(t(problemMessage(problems[2]!))).toBe('Case 0000039 is not in the sample.');
    expect(t(problemMessage(problems[0]!))).toMatch(/^12\.5 is not a whole number/);
    expect(problemMessage({ ...base, kind: 'hard', variable: 'x', value: '3', message: 'Leeftijd past niet bij functie' })).toBeNull();
  });

  it('every import kind with params has a message in both languages', async () => {
    for (const lng of ['nl', 'en'] as const) {
      const t = await translator(lng);
      for (const kind of ['caseIdCheckDigit', 'notInSample', 'emptyCaseId', 'unstorable', 'layoutDisagree', 'duplicateHeader', 'unmappedColumn', 'columnConflict', 'noCaseIdColumn', 'noData', 'formulaWithoutValue', 'alreadyImported', 'caseIdLostZeros', 'replaceKeyed', 'replaceCleaned']) {
        expect(t(problemMessage({ ...base, kind, params: { x: 1 }, message: 'm' })), `${lng} ${kind}`).not.toBe('(none)');
      }
    }
  });

  it('replace refused for a keyed or cleaned case, a case ID with lost zeros, invalid UTF-8 and a sheet on a CSV: in both languages', async () => {
    const blocked: ImportProblemShown[] = [
      { ...base, severity: 'error', kind: 'replaceKeyed', row: 3, column: 'case_id', caseId: 'K1', params: { caseId: 'K1' }, message: 'm' },
      { ...base, severity: 'error', kind: 'replaceCleaned', row: 4, column: 'case_id', caseId: 'I2', params: { caseId: 'I2' }, message: 'm' },
      { ...base, severity: 'error', kind: 'caseIdLostZeros', row: 5, column: 'case_id', caseId: '125', value: '125', params: { caseId: '125', padded: '0000125' }, message: 'm' },
    ];
    const nlT = await translator('nl');
    const enT = await translator('en');
    expect(blocked.map((p) => nlT(problemMessage(p)))).toEqual([
      'Case K1 is van een papieren formulier ingetoetst; alleen geïmporteerde cases kunnen worden vervangen (de ingetoetste en geverifieerde antwoorden zouden verloren gaan). Sla deze rij over of haal haar uit het bestand.',
      'Case I2 heeft opschoning (correcties, geaccepteerde waarschuwingen of een uitsluiting) op de huidige antwoorden; de case kan niet worden vervangen. Sla deze rij over of haal haar uit het bestand.',
      'Case-ID 125 is 0000125 zonder de voorloopnullen (Excel laat ze weg); geef de ID als 0000125, als tekst.',
    ]);
    expect(blocked.map((p) => enT(problemMessage(p)))).toEqual([
      'Case K1 was keyed from a paper form; only imported cases can be replaced (its keyed and verified answers would be lost). Skip this row or leave it out of the file.',
      'Case I2 has cleaning (corrections, accepted warnings or an exclusion) made on its current answers; it cannot be replaced. Skip this row or leave it out of the file.',
      'Case ID 125 is 0000125 with its leading zeros lost (Excel drops them); give the ID as 0000125, as text.',
    ]);
    const enc: ResultError = { code: 'IMPORT_INVALID', message: 'x', issues: [{ file: 'w.csv', row: 3, column: 'opmerking', message: 'invalid UTF-8 byte sequence', reason: 'import.file.encoding', params: { file: 'w.csv', row: 3, column: 'opmerking' } }] };
    expect(enT(fileErrorMessage(enc))).toBe('w.csv is not valid UTF-8 (row 3, column opmerking); it is probably Windows-1252: choose that encoding, or automatic.');
    expect(nlT(fileErrorMessage(enc))).toBe('w.csv is geen geldige UTF-8 (rij 3, kolom opmerking); waarschijnlijk is het Windows-1252: kies die codering, of automatisch.');
    const sheet: ResultError = { code: 'IMPORT_INVALID', message: 'x', issues: [{ file: 'w.csv', sheet: 'Blad1', message: 'sheet given for a CSV file', reason: 'import.file.sheetOnCsv', params: { file: 'w.csv', sheet: 'Blad1' } }] };
    expect(nlT(fileErrorMessage(sheet))).toBe('w.csv is een CSV-bestand: een werkblad kies je alleen in een .xlsx-werkmap.');
  });

  it('file errors: the file named, no library text; a blocking issue of the commit translated from its reason', async () => {
    const t = await translator('nl');
    const bad = fileErrorMessage({ code: 'IMPORT_INVALID', message: 'bad.xlsx cannot be read as an .xlsx workbook …', issues: [{ file: 'bad.xlsx', message: 'not an xlsx workbook', reason: 'import.file.notXlsx', params: { file: 'bad.xlsx' } }] });
    expect(t(bad)).toMatch(/^bad\.xlsx is geen leesbare Excel-werkmap \(\.xlsx\)/);
    expect(t(fileErrorMessage({ code: 'NOT_FOUND', message: 'x', issues: [{ file: 'web.csv', message: 'file not found', reason: 'import.file.notFound', params: { file: 'web.csv' } }] }))).toBe('Het bestand web.csv bestaat niet (meer). Kies het opnieuw.');
    expect(fileErrorMessage({ code: 'IMPORT_INVALID', message: 'web.csv: 1 blocking problem; nothing was imported.', issues: [{ file: 'web.csv', message: 'm', reason: 'import.problem.unmappedColumn', params: { column: 'browser' } }] })).toBeNull();
    expect(t(issueMessage({ file: 'web.csv', row: 3, column: 'case_id', value: '9999999', message: 'caseIdCheckDigit: …', reason: 'import.problem.caseIdCheckDigit', params: { caseId: '9999999' } }))).toMatch(/^Case-ID 9999999: het controlecijfer klopt niet/);
  });
});
