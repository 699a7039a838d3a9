// The workbook's own texts: English like its headers ("(no value)", "Total"), and the value label of code 0 of a
// multiple-choice option column in the questionnaire's language beside the option's label ("Not chosen" /
// "Niet gekozen"); default user-missing labels of an "English (en)" questionnaire are English.
import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../shared/export/dataset';
import { frequenciesSheet, labelMap, missingValuesSheet, optionNotChosen, valueLabelsSheet, variablesSheet, type CellValue, type SheetSpec } from '../../shared/export/layout';
import { tablesSheetContent } from '../../shared/export/tables';
import { defaultMissing, type Questionnaire, type Variable } from '../../shared/domain/questionnaire';

const EN = 'English (en)';
const NL = 'Nederlands (nl)';

function questionnaire(defaultLanguage: string): Questionnaire {
  const t = (en: string, nl: string) => ({ [EN]: en, [NL]: nl });
  const v = (name: string, type: Variable['type'], listName: string, label: Record<string, string>): Variable =>
    ({ name, type, listName, label, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false });
  return {
    id: 'q', title: 't', version: '1', languages: [NL, EN], defaultLanguage, missingDefaults: defaultMissing(defaultLanguage, [NL, EN]),
    lists: [
      { name: 'func', choices: [{ code: '1', label: t('Mayor', 'Burgemeester') }, { code: '2', label: t('Alderman', 'Wethouder') }] },
      { name: 'chan', choices: [{ code: '1', label: t('Phone', 'Telefoon') }, { code: '2', label: t('E-mail', 'E-mail') }] },
    ],
    items: [
      { kind: 'variable', variable: v('functie', 'single', 'func', t('Function', 'Functie')) },
      { kind: 'variable', variable: v('kanaal', 'multiple', 'chan', t('Channel', 'Kanaal')) },
    ],
  };
}

function rowsOf(sheet: SheetSpec): CellValue[][] {
  return Array.from({ length: sheet.rowCount }, (_, r) => {
    const out: CellValue[] = [];
    sheet.row(r, out);
    return [...out];
  });
}

/** 12 cases: functie 1 (6), 2 (4), empty (2); kanaal 1 on the first 5. */
function dataset(q: Questionnaire) {
  const b = new DatasetBuilder(q, Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(3, '0')));
  for (let i = 0; i < 10; i++) b.set(i, 'functie', i < 6 ? '1' : '2');
  for (let i = 0; i < 12; i++) b.set(i, 'kanaal', i < 5 ? '1' : '2');
  return b.build();
}

describe('fixed texts of the export workbook', () => {
  it('an English questionnaire: "Not chosen", English user-missing labels, "(no value)"', () => {
    const q = questionnaire(EN);
    const ds = dataset(q);
    expect(optionNotChosen(q)).toBe('Not chosen');
    expect([...labelMap(q, ds.columns.find((c) => c.name === 'kanaal_1')!)]).toEqual([['1', 'Phone'], ['0', 'Not chosen']]);
    expect(rowsOf(valueLabelsSheet(q, ds))).toEqual([
      ['functie', 1, 'Mayor', 'no'], ['functie', 2, 'Alderman', 'no'], ['functie', 8, "Don't know", 'yes'], ['functie', 9, 'No answer', 'yes'],
      ['kanaal_1', 0, 'Not chosen', 'no'], ['kanaal_1', 1, 'Phone', 'no'], ['kanaal_2', 0, 'Not chosen', 'no'], ['kanaal_2', 1, 'E-mail', 'no'],
    ]);
    expect(rowsOf(variablesSheet(q, ds)).map((r) => [r[0], r[4], r[5]])).toEqual([
      ['case_id', '', ''], ['functie', '1 = Mayor; 2 = Alderman', "8 = Don't know; 9 = No answer"], ['kanaal_1', '0 = Not chosen; 1 = Phone', ''], ['kanaal_2', '0 = Not chosen; 1 = E-mail', ''],
    ]);
    expect(rowsOf(missingValuesSheet(q, ds)).map((r) => r[2])).toEqual(["Don't know", 'No answer', 'Empty cell: no value (not answered, not on route, or not keyed)']);
    const freq = rowsOf(frequenciesSheet(q, ds)).filter((r) => r[0] === 'functie').map((r) => [r[3], r[4]]);
    expect(freq).toEqual([['Mayor', 6], ['Alderman', 4], ["Don't know (missing)", 0], ['No answer (missing)', 0], ['(no value)', 2], ['Valid total', 10], ['Total', 12]]);
  });

  it('a Dutch questionnaire keeps "Niet gekozen" beside its Dutch option labels; the sheet texts stay English', () => {
    const q = questionnaire(NL);
    const ds = dataset(q);
    expect(optionNotChosen(q)).toBe('Niet gekozen');
    expect(rowsOf(valueLabelsSheet(q, ds)).filter((r) => r[0] === 'kanaal_1')).toEqual([['kanaal_1', 0, 'Niet gekozen', 'no'], ['kanaal_1', 1, 'Telefoon', 'no']]);
    const freq = rowsOf(frequenciesSheet(q, ds)).filter((r) => r[0] === 'functie').map((r) => r[3]);
    expect(freq).toEqual(['Burgemeester', 'Wethouder', 'Weet niet (missing)', 'Geen antwoord (missing)', '(no value)', 'Valid total', 'Total']);
  });

  it('the Tables sheet calls the column over every case "Total"', () => {
    const q = questionnaire(NL);
    const ds = dataset(q);
    const c = tablesSheetContent(q, ds, { choice: { variables: ['functie'], by: 'functie', minN: 1, smallCells: 'flag' }, weights: null });
    const headers = c.columns.map((x) => x.header);
    expect(headers.filter((h) => h.startsWith('Total'))).toEqual(['Total %', 'Total CI low', 'Total CI high', 'Total n', 'Total flag']);
    expect(JSON.stringify([headers, c.rows])).not.toMatch(/Totaal|geen waarde|Niet gekozen/);
  });
});
