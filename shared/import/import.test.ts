// Response-import core without files: blank cells, header rows, column mapping by name and by hand, cell conversion.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultMissing, findVariable, type Item, type Questionnaire, type Variable } from '../domain/questionnaire';
import { isBlank, looksLikeHeaderRow, splitHeader, type RawTable } from './table';
import { mapColumns, mappedVariables, normaliseName } from './mapping';
import { codeBook, convertCell, readOptionFlag } from './values';
import { analyseImport, caseValues, type ImportContext } from './analyse';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: `Vraag ${name}` }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
/** A small questionnaire: a yes/no question, a number, a multiple choice, text, a date, a decimal, a calculated variable. */
const Q: Questionnaire = {
  id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [
    { name: 'jn', choices: [{ code: '1', label: { nl: 'Ja' } }, { code: '2', label: { nl: 'Nee' } }] },
    { name: 'kanaal', choices: [{ code: '1', label: { nl: 'Web' } }, { code: '2', label: { nl: 'Telefoon' } }, { code: '3', label: { nl: 'Post' } }] },
  ],
  missingDefaults: defaultMissing('nl'),
  items: [
    v('toestemming', 'single', { listName: 'jn', required: true }),
    v('leeftijd', 'integer', { range: { min: 15, max: 99 } }),
    v('kanalen', 'multiple', { listName: 'kanaal' }),
    v('opmerking', 'text'),
    v('geboren', 'date'),
    v('score', 'decimal'),
    v('volwassen', 'calculated', { calculate: '${leeftijd} >= 18' }),
  ],
};
const variable = (name: string): Variable => findVariable(Q, name)!;
const raw = (rows: (string | null)[][]): RawTable => ({ file: 'f.csv', rows: rows.map((cells, i) => ({ row: i + 1, cells })), unreadable: [] });

describe('table: blank cells and header rows', () => {
  it('a cell of only spaces (or tabs) is blank — never 0; "0" is a value', () => {
    expect([isBlank(null), isBlank(''), isBlank('   '), isBlank('\t '), isBlank('0'), isBlank(' x ')]).toEqual([true, true, true, true, false, false]);
  });

  it('recognises a question-text row and an import-id row (Qualtrics), not a data row', () => {
    const header = ['case_id', 'toestemming', 'leeftijd'];
    expect(looksLikeHeaderRow(['Case ID', 'Wilt u meedoen?', 'Wat is uw leeftijd?'], [], header)).toBe(true);
    expect(looksLikeHeaderRow(['{"ImportId":"caseid"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}'], [], header)).toBe(true);
    expect(looksLikeHeaderRow(['W001', '1', '34'], [], header)).toBe(false);
    expect(looksLikeHeaderRow(['W001', 'Ja', 'Vraag leeftijd'], [undefined, undefined, ['Vraag leeftijd']], header)).toBe(false);
  });

  it('splits three header rows off, or as many as the user says; lists duplicate names case-insensitively; drops blank rows', () => {
    const t = raw([
      ['case_id', 'Leeftijd', 'leeftijd '],
      ['Case ID', 'Wat is uw leeftijd?', 'Hoe oud bent u?'],
      ['{"ImportId":"id"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2"}'],
      ['  ', null, ''],
      ['W1', '34', '35'],
    ]);
    const auto = splitHeader(t);
    expect(auto.header).toEqual(['case_id', 'Leeftijd', 'leeftijd']);
    expect(auto.extraHeaderRows.map((r) => r.row)).toEqual([2, 3]);
    expect(auto.rows.map((r) => r.row)).toEqual([5]);
    expect(auto.duplicateHeaders).toEqual([{ name: 'Leeftijd', columns: [2, 3] }]);
    const one = splitHeader(t, 1);
    expect(one.rows.map((r) => r.row)).toEqual([2, 3, 5]);
  });
});

describe('mapping: columns to variables', () => {
  it('normalises names: case, spaces, name[code], name.code and name/code', () => {
    expect([normaliseName(' Inc_Vorm[3] '), normaliseName('Q 1'), normaliseName('kanalen.2'), normaliseName('grp/kanalen/3')]).toEqual(['inc_vorm_3', 'q1', 'kanalen_2', 'grp/kanalen_3']);
  });

  it('maps by name ignoring case and spaces, option columns in both spellings, case ID and completeness by their usual names', () => {
    const cols = mapColumns(['Respondent_ID', ' TOESTEMMING ', 'kanalen[1]', 'kanalen_3', 'Kanalen', 'submitdate', 'volwassen', 'browser'], Q);
    expect(cols.map((c) => [c.header, c.target])).toEqual([
      ['Respondent_ID', { kind: 'caseId' }],
      [' TOESTEMMING ', { kind: 'variable', variable: 'toestemming' }],
      ['kanalen[1]', { kind: 'option', variable: 'kanalen', code: '1' }],
      ['kanalen_3', { kind: 'option', variable: 'kanalen', code: '3' }],
      ['Kanalen', { kind: 'variable', variable: 'kanalen' }],
      ['submitdate', { kind: 'complete' }],
      ['volwassen', { kind: 'ignored', reason: 'calculated' }],
      ['browser', { kind: 'unmapped' }],
    ]);
    expect(cols.every((c) => c.how === 'auto')).toBe(true);
    const mv = mappedVariables(Q, cols).map((m) => [m.variable.name, m.single?.col ?? null, m.options.map((o) => o.col)]);
    expect(mv).toEqual([['toestemming', 2, []], ['kanalen', 5, [3, 4]]]);
  });

  it('with several case-ID or completeness names the better name wins, wherever it stands: case_id over Respondent, submitdate over finished', () => {
    const cols = mapColumns(['Respondent', 'toestemming', 'Finished', 'Case ID', 'SubmitDate', 'token'], Q);
    expect(cols.map((c) => [c.header, c.target.kind])).toEqual([
      ['Respondent', 'unmapped'],
      ['toestemming', 'variable'],
      ['Finished', 'unmapped'],
      ['Case ID', 'caseId'],
      ['SubmitDate', 'complete'],
      ['token', 'unmapped'],
    ]);
    expect(mapColumns(['respondent', 'token'], Q).map((c) => c.target.kind)).toEqual(['caseId', 'unmapped']);
  });

  it('explicit choices win: #n for duplicate names, null and ignore leave a column out, ignoreUnmapped, a chosen case-ID column', () => {
    const cols = mapColumns(['token', 'Q1', 'Q1', 'Q2', 'browser', 'extra'], Q, { caseIdColumn: 'Q2', columns: { '#2': 'toestemming', '#3': null, browser: 'leeftijd' }, ignore: ['EXTRA'] });
    expect(cols.map((c) => [c.target.kind, c.how])).toEqual([['unmapped', 'auto'], ['variable', 'explicit'], ['ignored', 'explicit'], ['caseId', 'explicit'], ['variable', 'explicit'], ['ignored', 'explicit']]);
    expect(cols[4]!.target).toEqual({ kind: 'variable', variable: 'leeftijd' });
    expect(mapColumns(['id', 'browser'], Q, { ignoreUnmapped: true })[1]!.target).toEqual({ kind: 'ignored', reason: 'unmapped' });
    // A mapping to a name the questionnaire lacks stays unmapped (it must not silently vanish).
    expect(mapColumns(['x'], Q, { columns: { x: 'bestaat_niet' } })[0]).toMatchObject({ target: { kind: 'unmapped' }, how: 'explicit' });
  });
});

describe('values: cells to stored values', () => {
  const jn = codeBook(Q, variable('toestemming'), { 'Zeer zeker': '1' });
  const kanaal = codeBook(Q, variable('kanalen'));
  const conv = (name: string, cell: string | null, book = name === 'toestemming' ? jn : name === 'kanalen' ? kanaal : undefined) => convertCell(Q, variable(name), cell, book);

  it('single choice: codes, numeric spellings, labels in any case, mapping labels; unknown answers kept raw', () => {
    expect(conv('toestemming', ' 1 ')).toEqual({ value: '1', trimmed: true, labelsMapped: 0, unknown: [] });
    expect(conv('toestemming', '01').value).toBe('1');
    expect(conv('toestemming', '2.0').value).toBe('2');
    expect(conv('toestemming', 'JA')).toMatchObject({ value: '1', labelsMapped: 1 });
    expect(conv('toestemming', 'zeer zeker')).toMatchObject({ value: '1', labelsMapped: 1 });
    expect(conv('toestemming', '9').value).toBe('9'); // user-missing default code
    expect(conv('toestemming', 'Misschien')).toEqual({ value: 'Misschien', trimmed: false, labelsMapped: 0, unknown: ['Misschien'] });
    expect(conv('toestemming', '   ').value).toBe('');
  });

  it('multiple choice: comma, semicolon or space separated codes or labels, stored in list order', () => {
    expect(conv('kanalen', '3,1').value).toBe('1 3');
    expect(conv('kanalen', '3 1').value).toBe('1 3');
    expect(conv('kanalen', 'Post; web')).toMatchObject({ value: '1 3', labelsMapped: 2 });
    expect(conv('kanalen', '1,7')).toMatchObject({ value: '1 7', unknown: ['7'] });
  });

  it('numbers: decimal comma to point, nothing else coerced; blank is empty, never 0', () => {
    expect(conv('score', '3,5').value).toBe('3.5');
    expect(conv('score', '1.234,5').value).toBe('1.234,5');
    expect(conv('leeftijd', ' 034 ').value).toBe('034');
    expect(conv('leeftijd', 'veertig').value).toBe('veertig');
    expect(conv('leeftijd', '  ').value).toBe('');
  });

  it('decimal comma in a comma-delimited file: 12,5 is still 12.5, but 1,234 (maybe thousands) is kept raw', () => {
    const at = (cell: string, commaGroupsThousands: boolean) => convertCell(Q, variable('score'), cell, undefined, { commaGroupsThousands }).value;
    expect([at('12,5', true), at('0,75', true), at('1,234', true), at('-1,234', true)]).toEqual(['12.5', '0.75', '1,234', '-1,234']);
    expect([at('12,5', false), at('1,234', false)]).toEqual(['12.5', '1.234']);
  });

  it('dates: ISO, ISO at midnight and day-month-year become YYYY-MM-DD; anything else is kept', () => {
    expect(conv('geboren', '2014-03-01').value).toBe('2014-03-01');
    expect(conv('geboren', '2014-03-01T00:00:00.000Z').value).toBe('2014-03-01');
    expect(conv('geboren', '1-3-2014').value).toBe('2014-03-01');
    expect(conv('geboren', '01.03.2014').value).toBe('2014-03-01');
    expect(conv('geboren', '2014-03-01T10:30:00').value).toBe('2014-03-01T10:30:00');
    expect(conv('geboren', 'maart 2014').value).toBe('maart 2014');
  });

  it('text that looks like a date or a number stays text exactly (apart from surrounding spaces)', () => {
    for (const s of ['01-02-2014', '2014-03-01', '1/2/14', '3,5', '000123', '1e5', 'TRUE']) expect(conv('opmerking', s).value).toBe(s);
    expect(conv('opmerking', '  01-02-2014 ').value).toBe('01-02-2014');
  });

  it('0/1 option columns: 1/x/ja/the code/the label = chosen, 0/nee/blank = not, anything else cannot be stored', () => {
    expect(['1', 'x', 'Ja', 'TRUE', '3', 'post', '1.0'].map((c) => readOptionFlag(c, '3', ['post']))).toEqual([true, true, true, true, true, true, true]);
    expect(['0', '', '  ', 'nee', 'false', '0.0', null].map((c) => readOptionFlag(c, '3', ['post']))).toEqual([false, false, false, false, false, false, false]);
    expect(readOptionFlag('2', '3', ['post'])).toBeNull();
    expect(readOptionFlag('misschien', '3')).toBeNull();
  });
});

describe('analyse: the dry run over every row', () => {
  const ctx = (over: Partial<ImportContext> = {}): ImportContext => ({ existingCaseIds: new Set(), onDuplicate: 'refuse', today: '2014-06-01', ...over });
  const analyse = (rows: (string | null)[][], over: Partial<ImportContext> = {}, mapping = {}) => analyseImport(splitHeader(raw(rows), 1), Q, mapping, ctx(over));

  it('row by row: header problems still come first, a column blank in every row is ignored, repeated cells are counted and converted alike', () => {
    const rows = [['case_id', 'toestemming', 'browser', 'leeg'], ['', '1', 'edge', ''], ['A', ' Ja ', 'edge', '  '], ['B', ' Ja ', '', null]];
    const a = analyse(rows);
    expect(a.errors.map((e) => [e.kind, e.row ?? null, e.column])).toEqual([['unmappedColumn', null, 'browser'], ['emptyCaseId', 2, 'case_id']]);
    expect(a.columns.find((c) => c.header === 'leeg')).toMatchObject({ target: 'ignored', reason: 'empty', filled: 0 });
    expect(a.columns.find((c) => c.header === 'toestemming')).toMatchObject({ filled: 3, labelsMapped: 2 });
    const ok = analyse([['case_id', 'toestemming'], ['A', ' Ja '], ['B', ' Ja '], ['C', 'ja']]);
    expect(ok.cases.map((c) => caseValues(c).toestemming)).toEqual(['1', '1', '1']);
  });

  it('type checks look at every row: a text in a numeric column after 50,000 numbers is reported and kept as it came', () => {
    const rows: string[][] = [['case_id', 'toestemming', 'leeftijd']];
    for (let i = 1; i <= 60_000; i++) rows.push([`C${i}`, '1', String(20 + (i % 60))]);
    rows[50_001] = ['C50001', '1', 'veertig'];
    const a = analyse(rows);
    expect(a.errors).toEqual([]);
    expect(a.counts.type).toBe(1);
    expect(a.warnings.filter((w) => w.kind === 'type')).toEqual([
      { file: 'f.csv', kind: 'type', severity: 'warning', row: 50_002, caseId: 'C50001', column: 'leeftijd', variable: 'leeftijd', value: 'veertig', message: 'veertig is not a number' },
    ]);
    expect(a.cases).toHaveLength(60_000);
    expect(a.cases[50_000]).toMatchObject({ caseId: 'C50001' });
    expect(caseValues(a.cases[50_000]!)).toMatchObject({ toestemming: '1', leeftijd: 'veertig' });
    expect(a.columns.find((c) => c.header === 'leeftijd')).toMatchObject({ filled: 60_000, problems: 1 });
  });

  it('text that looks like a date stays text, in a text column and as a case ID; space-only cells are not stored', () => {
    const a = analyse([['case_id', 'toestemming', 'opmerking', 'leeftijd'], ['2014-03-01', '1', '01-02-2014', '   '], ['000123', '2', '1/2/14', '34']]);
    expect(a.errors).toEqual([]);
    expect(a.cases.map((c) => [c.caseId, caseValues(c)])).toEqual([
      ['2014-03-01', { toestemming: '1', opmerking: '01-02-2014' }],
      ['000123', { toestemming: '2', opmerking: '1/2/14', leeftijd: '34' }],
    ]);
  });

  it('value-level problems never stop the import: unknown code, out of range, unmapped label — stored raw and listed', () => {
    const a = analyse([['id', 'toestemming', 'leeftijd', 'kanalen'], ['A', 'Misschien', '120', '1,7']]);
    expect(a.errors).toEqual([]);
    expect(caseValues(a.cases[0]!)).toEqual({ toestemming: 'Misschien', leeftijd: '120', kanalen: '1 7' });
    expect(a.warnings.map((w) => [w.kind, w.variable, w.value])).toEqual([['code', 'toestemming', 'Misschien'], ['range', 'leeftijd', '120'], ['code', 'kanalen', '1 7']]);
    expect(a.unmappedLabels).toEqual([{ variable: 'toestemming', column: 'toestemming', label: 'Misschien', count: 1 }]);
  });

  it('structural problems block and leave nothing to store: unmapped column, no case-ID column, empty case ID, unstorable 0/1 cell', () => {
    expect(analyse([['id', 'browser'], ['A', 'x']]).errors.map((e) => e.kind)).toEqual(['unmappedColumn']);
    expect(analyse([['toestemming'], ['1']]).errors.map((e) => e.kind)).toEqual(['noCaseIdColumn']);
    const empty = analyse([['id', 'toestemming'], ['A', '1'], ['  ', '1']]);
    expect(empty.errors.map((e) => [e.kind, e.row])).toEqual([['emptyCaseId', 3]]);
    expect(empty.cases).toEqual([]);
    const flag = analyse([['id', 'kanalen_1'], ['A', '2']]);
    expect(flag.errors.map((e) => [e.kind, e.column, e.value])).toEqual([['unstorable', 'kanalen_1', '2']]);
    expect(flag.cases).toEqual([]);
  });

  it('case IDs of the project form with a wrong check digit block the commit (row, column, case ID, kind); other forms and sample IDs pass', () => {
    const fmt = { prefix: '', bodyDigits: 6, scheme: 'damm' } as const;
    // 9999990 is 999999 with its Damm check digit; 9999999 is not; W-17 and an 18-digit number are another form.
    const rows = [['id', 'toestemming'], ['9999990', '1'], ['9999999', '1'], ['W-17', '1'], ['123456789012345678', '1']];
    const a = analyse(rows, { caseIdFormat: fmt, sampleCaseIds: new Set(['9999990']) });
    expect(a.errors.map((e) => [e.kind, e.row, e.column, e.caseId, e.value, e.params])).toEqual([['caseIdCheckDigit', 3, 'id', '9999999', '9999999', { caseId: '9999999' }]]);
    expect(a.cases).toEqual([]);
    // No second "not in the sample" warning for the bad ID; the other forms are outside the sample.
    expect(a.warnings.map((w) => [w.kind, w.caseId])).toEqual([['notInSample', 'W-17'], ['notInSample', '123456789012345678']]);
    // An ID the sample holds links to its unit whatever its digit; scheme none and no format check nothing.
    expect(analyse(rows, { caseIdFormat: fmt, sampleCaseIds: new Set(['9999999']) }).errors).toEqual([]);
    expect(analyse(rows, { caseIdFormat: { ...fmt, scheme: 'none' } }).errors).toEqual([]);
    expect(analyse(rows).errors).toEqual([]);
    // Luhn and a prefix: MOB0000013 is wrong under Luhn (right: MOB0000018), mob 000001-8 passes.
    const luhn = analyse([['id', 'toestemming'], ['MOB0000013', '1'], ['mob 000001-8', '1']], { caseIdFormat: { prefix: 'MOB', bodyDigits: 6, scheme: 'luhn' } });
    expect(luhn.errors.map((e) => [e.kind, e.row])).toEqual([['caseIdCheckDigit', 2]]);
  });

  it('problems carry the named parts of their message (params) for the UI language', () => {
    const a = analyse([['id', 'toestemming', 'leeftijd'], ['A', '1', '12,5'], ['A', '1', '7 jaar']], { onDuplicate: 'skip' });
    expect(a.warnings.map((w) => [w.kind, w.value, w.params ?? null])).toEqual([
      ['type', '12.5', null],
      ['type', '7 jaar', null],
      ['duplicateInFile', undefined, { caseId: 'A', otherRow: 2, resolution: 'skip' }],
    ]);
  });

  it('both multiple-choice layouts: agreement is silent, disagreement warns and keeps the one-column value', () => {
    const a = analyse([['id', 'kanalen', 'kanalen_1', 'kanalen_2', 'kanalen_3'], ['A', '1 3', '1', '0', '1'], ['B', '2', '1', '0', '0']]);
    expect(a.warnings.filter((w) => w.kind !== 'required').map((w) => [w.kind, w.caseId, w.value])).toEqual([['layoutDisagree', 'B', '2']]);
    expect(a.cases.map((c) => caseValues(c).kanalen)).toEqual(['1 3', '2']);
  });

  it('duplicate case IDs: refuse blocks, skip keeps the first, replace takes the last; the project’s IDs likewise', () => {
    const rows = [['id', 'toestemming'], ['A', '1'], ['A', '2'], ['P', '1']];
    expect(analyse(rows, { existingCaseIds: new Set(['P']) }).errors.map((e) => [e.kind, e.row])).toEqual([['duplicateInFile', 3], ['duplicateInProject', 4]]);
    const skip = analyse(rows, { existingCaseIds: new Set(['P']), onDuplicate: 'skip' });
    expect([skip.errors, skip.skipped, skip.cases.map((c) => [c.caseId, caseValues(c).toestemming])]).toEqual([[], 2, [['A', '1']]]);
    const replace = analyse(rows, { existingCaseIds: new Set(['P']), onDuplicate: 'replace' });
    expect([replace.replaced, replace.cases.map((c) => [c.caseId, caseValues(c).toestemming, c.replace])]).toEqual([1, [['A', '2', false], ['P', '1', true]]]);
  });

  it('completeness: from the completeness column when there is one, else no required answer missing', () => {
    const a = analyse([['id', 'toestemming', 'finished'], ['A', '1', '1'], ['B', '1', '0'], ['C', '', 'TRUE']]);
    expect(a.cases.map((c) => c.complete)).toEqual([true, false, true]);
    const b = analyse([['id', 'toestemming'], ['A', '1'], ['B', '']]);
    expect(b.cases.map((c) => c.complete)).toEqual([true, false]);
    expect(b.warnings.map((w) => [w.kind, w.caseId])).toEqual([['required', 'B']]);
  });

  it('per case the required questions on its route and those answered (user-missing counts), as keying counts them', () => {
    const q: Questionnaire = {
      ...Q,
      items: [
        v('toestemming', 'single', { listName: 'jn', required: true }),
        v('werk', 'single', { listName: 'jn', required: true, relevant: "${toestemming} = '1'" }),
        v('uren', 'integer', { required: true, relevant: "${werk} = '1'" }),
        v('opmerking', 'text'),
        v('uitleg', 'note', { required: true }),
      ],
    };
    const rows = [['id', 'toestemming', 'werk', 'uren', 'opmerking'], ['A', '1', '1', '40', ''], ['B', '1', '1', '', 'x'], ['C', '2', '', '', ''], ['D', '', '', '', 'x'], ['E', '1', '9', '', '']];
    const a = analyseImport(splitHeader(raw(rows), 1), q, {}, ctx());
    expect(a.cases.map((c) => [c.caseId, c.requiredOnRoute, c.requiredAnswered])).toEqual([['A', 3, 3], ['B', 3, 2], ['C', 1, 1], ['D', 1, 0], ['E', 2, 2]]);
  });

  it('each case\'s valuesJson is the JSON text of its values in questionnaire order, for any text (quotes, backslashes, control characters, emoji, lone surrogates)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '"', '\\', '\n', '\u0001', '\u001f', '😀', '\ud800', '\udfff', ' ', '€', '/', '\u2028'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.constantFrom('', '1', '2', ' Ja ', '17')), { minLength: 1, maxLength: 6 }), (cells) => {
        const rows = [['case_id', 'toestemming', 'leeftijd', 'opmerking'], ...cells.map(([t, n], i) => [`C${i}`, n === '17' ? '1' : n, n === '17' ? n : '', t])];
        const a = analyse(rows);
        for (const c of a.cases) {
          const parsed = JSON.parse(c.valuesJson) as Record<string, string>;
          const ordered: Record<string, string> = {};
          for (const name of ['toestemming', 'leeftijd', 'kanalen', 'opmerking', 'geboren', 'score']) if (parsed[name] !== undefined) ordered[name] = parsed[name];
          expect(c.valuesJson).toBe(JSON.stringify(ordered));
          const t = cells[Number(c.caseId.slice(1))]![0];
          expect(parsed.opmerking).toBe(convertCell(Q, variable('opmerking'), t).value || undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});
