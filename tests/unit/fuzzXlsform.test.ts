// Fuzz the pure XLSForm reader: random sheets, cells and types → a questionnaire or QUESTIONNAIRE_INVALID, nothing else.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzRuns } from '../helpers/fuzz';
import { resolve } from 'node:path';
import { readXlsform, writeXlsform, type Cell, type SheetRows, type WorkbookRows } from '../../shared/xlsform';
import { DomainError } from '../../shared/domain/errors';
import { readCsvFolderRows } from '../../electron/backend/services/xlsformFiles';

const RUNS = 150;

/** Reads and classifies: 'ok' (and the questionnaire writes and reads back), or the DomainError's code; anything else throws. */
function outcome(book: WorkbookRows): string {
  let read;
  try {
    read = readXlsform(book, { defaultId: 'fuzz' });
  } catch (e) {
    if (e instanceof DomainError) {
      expect(e.code).toBe('QUESTIONNAIRE_INVALID');
      expect(e.message.length).toBeGreaterThan(0);
      for (const i of e.issues) expect(typeof i.message).toBe('string');
      return e.code;
    }
    throw new Error(`readXlsform threw a non-domain error: ${String(e)}\n${JSON.stringify(book).slice(0, 2000)}`, { cause: e });
  }
  expect(Array.isArray(read.warnings)).toBe(true);
  // What was read can be written as an XLSForm and read back.
  const again = readXlsform(writeXlsform(read.questionnaire), { defaultId: 'fuzz' });
  expect(again.questionnaire.id).toBe(read.questionnaire.id);
  return 'ok';
}

const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

describe('readXlsform on random workbooks', () => {
  it('random sheet names and random cells', () => {
    const sheetName = fc.oneof(fc.constantFrom('survey', ' Survey ', 'SURVEY', 'choices', 'Choices', 'settings', 'Sheet1', ''), fc.string({ maxLength: 10 }));
    const sheet: fc.Arbitrary<SheetRows> = fc.record({ name: sheetName, rows: fc.array(fc.array(anyCell, { maxLength: 8 }), { maxLength: 12 }) });
    fc.assert(fc.property(fc.array(sheet, { maxLength: 4 }), (sheets) => void outcome({ sheets, file: 'fuzz.xlsx' })), fuzzRuns(RUNS));
  });

  it('XLSForm-shaped sheets: known headers, types, names, codes and expressions in random places', () => {
    const surveyHeader = fc.constantFrom(
      'type', 'name', 'label', 'label::Nederlands (nl)', 'label::English (en)', 'Label :: English (en)', 'hint', 'hint::nl', 'required', 'relevant',
      'constraint', 'constraint_message', 'calculate', 'calculation', 'choice_filter', 'appearance', 'veldwerk::missing', 'veldwerk::soft_constraint',
      'veldwerk::soft_constraint_message', 'veldwerk::identifier', 'veldwerk::width', 'veldwerk::number', 'veldwerk::range', 'veldwerk::decimals',
      'veldwerk::max_length', 'unknown_column', '', 'type',
    );
    const typeCell = fc.constantFrom(
      'integer', 'int', 'decimal', 'text', 'string', 'date', 'calculate', 'note', 'select_one yn', 'select_one  yn', 'Select_One abc', 'select_one nope',
      'select_multiple yn', 'select_multiple', 'select_one', 'begin_group', 'begin group', 'end_group', 'end group', 'begin_repeat', 'end_repeat',
      'geopoint', 'start', 'today', 'or_other', '', 'select_one yn or_other',
    );
    const nameCell = fc.constantFrom('q1', 'q2', 'q3', 'Q1', 'g1', 'yn', '', '1a', 'a b', 'x'.repeat(70), 'leeftijd', '_x', 'q1');
    const exprCell = fc.oneof(
      fc.constantFrom(
        '${q1} > 1', '. >= 0 and . <= 10', 'selected(${q2}, 1)', '${nope} = 1', '(((', ')', '${q1} + ', 'count-selected(${q2}) > 1', '${q1} div 0',
        'if(${q1} = 1, 2, 3)', '${q3}', '1..5', '0..120', 'today()', "'text'", 'not(${q1})', '${q1} = ${q1}', '. = 98 or . = 99', 'yes', 'no', 'true()', 'ja',
        '98=weet niet;99=geen antwoord', '8', '-1', 'x',
      ),
      fc.string({ maxLength: 15 }),
    );
    const surveyRow = (cols: number) => fc.array(fc.oneof(typeCell, nameCell, exprCell, anyCell), { minLength: 0, maxLength: cols });
    const survey = fc.integer({ min: 1, max: 10 }).chain((cols) =>
      fc.tuple(fc.array(surveyHeader, { minLength: cols, maxLength: cols }), fc.array(fc.oneof(fc.tuple(typeCell, nameCell, exprCell, exprCell).map((t) => [...t] as Cell[]), surveyRow(cols)), { maxLength: 12 })),
    ).map(([h, rows]): SheetRows => ({ name: 'survey', rows: [['type', 'name', ...h], ...rows] }));
    const choices = fc.array(fc.tuple(fc.constantFrom('yn', 'abc', 'nope', ''), fc.constantFrom('1', '2', '98', 'a b', '1', 'x', '', '-1', '1.5'), fc.string({ maxLength: 8 })), { maxLength: 8 })
      .map((rows): SheetRows => ({ name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', '1', 'ja'], ['yn', '2', 'nee'], ...rows.map((r) => [...r] as Cell[])] }));
    const settings = fc.tuple(fc.constantFrom('form_title', 'form_id', 'version', 'default_language', 'veldwerk::missing', 'veldwerk::missing_two_digit', 'x'), anyCell)
      .map(([k, v]): SheetRows => ({ name: 'settings', rows: [[k], [v]] }));
    const book = fc.tuple(survey, fc.option(choices), fc.option(settings)).map(([s, c, t]): WorkbookRows => ({ sheets: [s, ...(c ? [c] : []), ...(t ? [t] : [])] }));
    const seen = new Map<string, number>();
    fc.assert(fc.property(book, (b) => {
      const o = outcome(b);
      seen.set(o, (seen.get(o) ?? 0) + 1);
    }), fuzzRuns(RUNS * 2));
    expect(seen.get('QUESTIONNAIRE_INVALID')).toBeGreaterThan(0);
  });

  it('the Monitor questionnaire with random cells changed, rows dropped or duplicated', async () => {
    const monitor = await readCsvFolderRows(resolve(__dirname, '../../../shared/monitor'));
    const edit = fc.record({ at: fc.nat(), col: fc.nat({ max: 20 }), kind: fc.constantFrom('cell', 'drop', 'dup', 'swap'), cell: fc.oneof(anyCell, fc.constantFrom('end_group', 'begin_group', 'select_one nope', '${nope}', '', 'q1')) });
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      const sheets = monitor.sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => [...r]) }));
      for (const e of edits) {
        const total = sheets.reduce((n, s) => n + s.rows.length, 0);
        if (total === 0) break;
        let i = e.at % total;
        const s = sheets.find((x) => (i < x.rows.length ? true : ((i -= x.rows.length), false)))!;
        const row = s.rows[i]!;
        if (e.kind === 'cell') row[e.col] = e.cell;
        else if (e.kind === 'drop') s.rows.splice(i, 1);
        else if (e.kind === 'dup') s.rows.splice(i, 0, [...row]);
        else if (i + 1 < s.rows.length) [s.rows[i], s.rows[i + 1]] = [s.rows[i + 1]!, row];
      }
      outcome({ sheets, file: 'monitor' });
    }), fuzzRuns(RUNS));
  });
});
