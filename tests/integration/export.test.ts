// Integration tests of the export: a 2,000-case project exported and read back cell by cell (exceljs and openpyxl
// via check-xlsx), identifiers and the audit log, CSV, cancel and temporary files, limits, the channel and the CLI.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { openProjectForWrite, openProjectReadOnly } from '../../electron/backend/db/open';
import { runExport } from '../../electron/backend/export/runExport';
import { writeWorkbook } from '../../electron/backend/export/xlsxWriter';
import { createBackend } from '../../electron/backend/backend';
import { runCli } from '../../electron/cli/cli';
import { canonicalLine, cleanCellText, infoSheet, type SheetSpec } from '../../shared/export';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createFixtureProject, type FixtureCase } from './exportFixture';

const repoRoot = resolve(__dirname, '../..');
const checkXlsx = join(resolve(repoRoot, '../shared'), 'tools', 'check-xlsx');
const haveChecker = existsSync(checkXlsx);

const dir = tempDir('veldwerk-export-');
const project = join(dir, 'monitor.vwk');
let cases: FixtureCase[] = [];
const N = 2000;

const HEAD = ['case_id', 'geslacht', 'functie', 'leeftijd', 'slachtoffer', 'kanaal_1', 'kanaal_2', 'kanaal_3', 'kanaal_4', 'score', 'datum', 'toelichting', 'gewicht'];
type Expected = string | number | Date | null;

function finalOf(c: FixtureCase, v: string): string | undefined {
  return c.pass3[v] ?? c.pass1[v];
}

/** The expected Data row of a case, computed from the fixture (not from the export code). */
function expectedData(c: FixtureCase): Expected[] {
  const num = (v: string): number | null => {
    const s = finalOf(c, v);
    return s === undefined ? null : Number(s);
  };
  const kanaal = finalOf(c, 'kanaal');
  const chosen = kanaal === undefined ? null : new Set(kanaal.split(' '));
  const datum = finalOf(c, 'datum');
  const text = finalOf(c, 'toelichting');
  return [
    c.caseId,
    num('geslacht'),
    num('functie'),
    num('leeftijd'),
    num('slachtoffer'),
    ...['1', '2', '3', '4'].map((k) => (chosen ? (chosen.has(k) ? 1 : 0) : null)),
    num('score'),
    datum === undefined ? null : datum < '1900-03-01' ? datum : new Date(`${datum}T00:00:00Z`),
    text === undefined ? null : text.replace('\u0007', '').replace('\uFFFE', ''),
    num('gewicht'),
  ];
}

const LABELS: Record<string, Record<string, string>> = {
  geslacht: { '1': 'Man', '2': 'Vrouw', '8': 'Weet niet', '9': 'Geen antwoord' },
  functie: { '10': 'Burgemeester', '11': 'Wethouder', '12': 'Raadslid', '98': 'Weet niet', '99': 'Geen antwoord' },
  leeftijd: { '999': 'Onbekend' },
  slachtoffer: { '1': 'Ja', '2': 'Nee', '8': 'Weet niet', '9': 'Geen antwoord' },
  kanaal_1: { '0': 'Niet gekozen', '1': 'Face-to-face' },
  kanaal_2: { '0': 'Niet gekozen', '1': 'Telefoon' },
  kanaal_3: { '0': 'Niet gekozen', '1': 'E-mail' },
  kanaal_4: { '0': 'Niet gekozen', '1': 'Sociale media' },
};

function expectedLabels(c: FixtureCase): Expected[] {
  return expectedData(c).map((v, j) => {
    const m = LABELS[HEAD[j]!];
    return m && typeof v === 'number' ? (m[String(v)] ?? v) : v;
  });
}

function exported(): FixtureCase[] {
  return cases.filter((c) => c.status !== 'excluded').sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
}

async function readSheet(path: string, name: string): Promise<Expected[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const rows: Expected[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const vals: Expected[] = [];
    for (let j = 1; j <= HEAD.length; j++) {
      const v = row.getCell(j).value;
      vals.push(v === undefined ? null : (v as Expected));
    }
    rows[r - 1] = vals;
  });
  return rows;
}

function dump(path: string, sheet: string): string[][] {
  const csv = execFileSync(checkXlsx, [path, '--skip', 'all', '--dump', sheet], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parse(csv, { relax_column_count: true }) as string[][];
}

function dumpForm(v: Expected): string {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

beforeAll(() => {
  cases = createFixtureProject(project, N).cases;
});

describe('export of a 2,000-case project', () => {
  const out = join(dir, 'export.xlsx');
  let report: Awaited<ReturnType<typeof runExport>>;

  beforeAll(async () => {
    const p = openProjectReadOnly(project);
    try {
      report = await runExport(p, { out, weight: 'gewicht', csv: { path: join(dir, 'export.csv'), locale: 'nl' } });
    } finally {
      p.close();
    }
  });

  it('reports what it wrote', () => {
    expect(report.sheets).toEqual(['Data', 'Labels', 'Variables', 'Value labels', 'Missing values', 'Frequencies', 'Weighting', 'Tables', 'Fieldwork', 'Cleaning log', 'Exclusions', 'Info']);
    expect(report.cases).toBe(exported().length);
    expect(report.excluded).toBe(N - exported().length);
    expect(report.columns).toBe(HEAD.length);
    expect(report.identifiersIncluded).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('Data: every cell read back with exceljs equals the database (codes, weights, IDs, dates, text)', async () => {
    const rows = await readSheet(out, 'Data');
    expect(rows[0]).toEqual(HEAD);
    const want = exported();
    expect(rows.length - 1).toBe(want.length);
    want.forEach((c, i) => expect(rows[i + 1], c.caseId).toEqual(expectedData(c)));
    // spot checks of the hard cases
    const byId = new Map(want.map((c, i) => [c.caseId, rows[i + 1]!]));
    expect(byId.get('000001')![11]).toBe('=SUM(A1:A2)');
    expect(byId.get('000001')![0]).toBe('000001');
    const emoji = want.find((c) => c.pass1.toelichting?.includes('😀'))!;
    expect(byId.get(emoji.caseId)![11]).toBe('Emoji 😀 en 👍🏽 blijven heel');
    const ux = want.find((c) => c.pass1.toelichting?.includes('_x0041_'))!;
    expect(byId.get(ux.caseId)![11]).toBe('code_x0041_ blijft letterlijk');
    const sp = want.find((c) => c.pass1.toelichting?.startsWith('  '))!;
    expect(byId.get(sp.caseId)![11]).toBe('  spaties voor en na  ');
  });

  it('Labels: every cell read back with exceljs has the value label of the code', async () => {
    const rows = await readSheet(out, 'Labels');
    exported().forEach((c, i) => expect(rows[i + 1], c.caseId).toEqual(expectedLabels(c)));
  });

  it.skipIf(!haveChecker)('Data and Labels read back with openpyxl (check-xlsx --dump) equal the database', () => {
    const data = dump(out, 'Data');
    const labels = dump(out, 'Labels');
    expect(data[0]).toEqual(HEAD);
    const want = exported();
    expect(data.length - 1).toBe(want.length);
    want.forEach((c, i) => {
      expect(data[i + 1], c.caseId).toEqual(expectedData(c).map(dumpForm));
      expect(labels[i + 1], c.caseId).toEqual(expectedLabels(c).map(dumpForm));
    });
  });

  it.skipIf(!haveChecker)('passes check-xlsx with all sheets, no formulas', () => {
    const r = execFileSync(checkXlsx, [out, '--expect-sheets', report.sheets.join(','), '--forbid-formulas', '--json', '-', '-q'], { encoding: 'utf8' });
    const verdict = JSON.parse(r) as { ok: boolean; failures: string[] };
    expect(verdict.failures).toEqual([]);
    expect(verdict.ok).toBe(true);
  });

  it('Info: SHA-256 equals a hash recomputed from the Data values read back', async () => {
    const rows = await readSheet(out, 'Data');
    const h = createHash('sha256');
    const dateCols = HEAD.map((n) => n === 'datum');
    for (const row of rows) {
      const cells = row.map((v) => (v instanceof Date ? Math.round(v.getTime() / 86_400_000) + 25_569 : v));
      h.update(canonicalLine(cells, dateCols));
    }
    expect(h.digest('hex')).toBe(report.dataSha256);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const info = wb.getWorksheet('Info')!;
    const kv = new Map<string, unknown>();
    info.eachRow((r) => kv.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(kv.get('SHA-256 of Data')).toBe(report.dataSha256);
    expect(kv.get('Cases exported')).toBe(report.cases);
    expect(kv.get('Cases excluded')).toBe(report.excluded);
    expect(kv.get('Weight')).toBe('gewicht');
    expect(String(kv.get('Identifying variables'))).toBe('left out: naam, email');
  });

  it('identifiers are absent by default (Data, Labels, Variables, CSV)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    for (const name of ['Data', 'Labels', 'Variables', 'Frequencies']) {
      const ws = wb.getWorksheet(name)!;
      ws.eachRow((row) => row.eachCell((cell) => {
        expect(String(cell.value)).not.toMatch(/^(naam|email)$|Persoon \d|@example\.nl/);
      }));
    }
    const csv = readFileSync(join(dir, 'export.csv'), 'utf8');
    expect(csv).not.toMatch(/naam|email|Persoon|example\.nl/);
  });

  it('Frequencies: unweighted n, valid % and weighted valid % match a count of the database', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Frequencies')!;
    const want = exported();
    const g = want.map((c) => finalOf(c, 'geslacht'));
    const w = want.map((c) => Number(finalOf(c, 'gewicht')));
    const n = (code: string) => g.filter((x) => x === code).length;
    const valid = n('1') + n('2');
    const wsum = (code: string) => want.reduce((a, _c, i) => a + (g[i] === code ? w[i]! : 0), 0);
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const man = rows.find((r) => r[0] === 'geslacht' && r[2] === 1)!;
    expect(man[4]).toBe(n('1'));
    expect(man[5]).toBeCloseTo((100 * n('1')) / want.length, 10);
    expect(man[6]).toBeCloseTo((100 * n('1')) / valid, 10);
    expect(man[7]).toBeCloseTo((100 * wsum('1')) / (wsum('1') + wsum('2')), 10);
    const miss = rows.find((r) => r[0] === 'geslacht' && r[2] === 9)!;
    expect(miss[3]).toBe('Geen antwoord (missing)');
    expect(miss[6] ?? null).toBeNull();
  });

  it('Exclusions lists the excluded cases with their reason', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Exclusions')!;
    const ex = cases.filter((c) => c.status === 'excluded');
    expect(ws.rowCount - 1).toBe(ex.length);
    expect(ws.getRow(2).getCell(1).value).toBe(ex[0]!.caseId);
    expect(ws.getRow(2).getCell(3).value).toBe(`dubbel formulier ${ex[0]!.caseId}`);
  });

  it('CSV (nl): BOM, ; and decimal comma, leading zeros, neutralised formulas, same values as Data', () => {
    const raw = readFileSync(join(dir, 'export.csv'), 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    const rows = parse(raw.slice(1), { delimiter: ';', relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(HEAD);
    exported().forEach((c, i) => {
      const want = expectedData(c).map((v, j) => {
        if (v === null) return '';
        if (v instanceof Date) return v.toISOString().slice(0, 10);
        if (typeof v === 'number') return String(v).replace('.', ',');
        if (j === 11) return (/^[=+\-@\t]/.test(v) ? `'${v}` : v).replace(/\n/g, ' ');
        return v;
      });
      expect(rows[i + 1], c.caseId).toEqual(want);
    });
  });
});

describe('identifiers on request', () => {
  it('includes naam and email and records the export in the audit log (source export)', async () => {
    const backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
    try {
      const events: string[] = [];
      const opened = await backend.dispatch('project.open', { path: project });
      expect(opened.ok).toBe(true);
      const out = join(dir, 'with-ids.xlsx');
      const r = await backend.dispatch('export.run', { path: out, includeIdentifiers: true, sheets: ['data'] });
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, value: { identifiersIncluded: ['naam', 'email'], sheets: ['Data', 'Info'] } });
      void events;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('Data')!;
      expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['case_id', 'naam', 'email']);
      expect(ws.getRow(2).getCell(2).value).toBe('Persoon 0');
    } finally {
      backend.close();
    }
    const db = new Database(project, { readonly: true });
    try {
      const rows = db.prepare("SELECT operator, reason, details FROM audit_log WHERE source = 'export'").all() as { operator: string; reason: string; details: string }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]!.reason).toBe('export with identifying variables: naam, email');
      expect(JSON.parse(rows[0]!.details)).toMatchObject({ identifiers: ['naam', 'email'] });
    } finally {
      db.close();
    }
  });

  it('refuses identifiers from a read-only project (the audit log could not record it)', async () => {
    const p = openProjectReadOnly(project);
    try {
      await expect(runExport(p, { out: join(dir, 'ro.xlsx'), includeIdentifiers: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      p.close();
    }
    expect(existsSync(join(dir, 'ro.xlsx'))).toBe(false);
  });
});

describe('cancel, temporary files and failures', () => {
  it('a cancelled export leaves no file under the final name and no temporary file', async () => {
    const p = openProjectReadOnly(project);
    const out = join(dir, 'cancelled.xlsx');
    const ac = new AbortController();
    try {
      const run = runExport(p, { out }, { signal: ac.signal, onProgress: () => ac.abort() });
      ac.abort();
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      p.close();
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([]);
  });

  it('an error while writing (a BigInt cell) keeps the previous file intact and removes the temporary file', async () => {
    const out = join(dir, 'failing.xlsx');
    const bad: SheetSpec = {
      id: 'data', name: 'Data', rowCount: 3, columns: [{ header: 'x', width: 8, format: 'general' }],
      row(r, o) {
        if (r === 2) throw new TypeError('Do not know how to serialize a BigInt');
        o[0] = r;
      },
    };
    const info = () => ({ ...bad, id: 'info' as const, name: 'Info', rowCount: 0 });
    await expect(writeWorkbook(out, [bad], info)).rejects.toThrow(/BigInt/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('cell rules in a written workbook', () => {
  it('NaN/Infinity → empty, control chars and U+FFFE/U+FFFF removed, long text cut, rows split, names made safe', async () => {
    const out = join(dir, 'rules.xlsx');
    const long = 'z'.repeat(40_000);
    const values: (number | string | null)[][] = [
      [Number.NaN, 'a\u0001b\uFFFFc'],
      [Number.POSITIVE_INFINITY, long],
      [-3, '-3'],
      [1e-7, '=1+1'],
      [2, '@x'],
    ];
    const spec: SheetSpec = {
      id: 'data', name: 'Data: 2014/15 [final]?', rowCount: values.length,
      columns: [{ header: 'n', width: 8, format: 'general' }, { header: 't', width: 8, format: 'general' }],
      row(r, o) {
        o[0] = values[r]![0]!;
        o[1] = values[r]![1]!;
      },
    };
    const limits = { maxRows: 4, maxColumns: 16_384, maxCellChars: 32_767 };
    const res = await writeWorkbook(out, [spec], (o) => infoSheet({ projectTitle: 't', projectId: 'p', questionnaireId: 'q', questionnaireVersion: '1', exportedAt: 'now', appVersion: '0', filters: [], excludedCount: 0, includeIdentifiers: false, identifiersLeftOut: [] }, { caseIds: [], columns: [], excluded: [] }, o), { limits });
    // the Info sheet is split too at this tiny row limit
    expect(res.sheetNames.slice(0, 4)).toEqual(['Data_ 2014_15 _final__', 'Data_ 2014_15 _final__ (2)', 'Info', 'Info (2)']);
    expect(res.truncatedCells).toBe(1);
    expect(res.notes[0]).toMatch(/split over/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const a = wb.getWorksheet(res.sheetNames[0]!)!;
    const b = wb.getWorksheet(res.sheetNames[1]!)!;
    expect(a.getRow(1).getCell(1).value).toBe('n');
    expect(b.getRow(1).getCell(1).value).toBe('n');
    expect(a.getRow(2).getCell(1).value).toBeNull();
    expect(a.getRow(2).getCell(2).value).toBe('abc');
    expect(a.getRow(3).getCell(1).value).toBeNull();
    expect(String(a.getRow(3).getCell(2).value)).toBe(cleanCellText(long).text);
    expect(String(a.getRow(3).getCell(2).value)).toHaveLength(32_767);
    expect(a.getRow(4).getCell(1).value).toBe(-3);
    expect(a.getRow(4).getCell(2).value).toBe('-3');
    expect(b.getRow(2).getCell(1).value).toBe(1e-7);
    expect(b.getRow(2).getCell(2).value).toBe('=1+1');
    expect(b.getRow(3).getCell(2).value).toBe('@x');
    if (haveChecker) execFileSync(checkXlsx, [out, '--forbid-formulas', '-q'], { encoding: 'utf8' });
  });

  it('refuses a Data sheet wider than Excel allows, with a clear message', async () => {
    const spec: SheetSpec = { id: 'data', name: 'Data', rowCount: 0, columns: Array.from({ length: 16_385 }, (_, j) => ({ header: `v${j}`, width: 8, format: 'general' as const })), row() {} };
    const out = join(dir, 'wide.xlsx');
    const err = await writeWorkbook(out, [spec], () => spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).message).toMatch(/16385 columns; Excel allows 16384/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('CLI export', () => {
  it('writes workbook, CSV and syntax; usage errors exit 2', async () => {
    let o = '';
    let e = '';
    const io = { out: (t: string) => { o += t; }, err: (t: string) => { e += t; } };
    const out = join(dir, 'cli.xlsx');
    const code = await runCli(['export', project, '--out', out, '--csv', join(dir, 'cli.csv'), '--locale', 'intl', '--sps', join(dir, 'cli.sps'), '--json'], io);
    expect(code, e).toBe(0);
    const rep = JSON.parse(o) as { cases: number; csv: { path: string }; sps: { path: string } };
    expect(rep.cases).toBe(exported().length);
    expect(readFileSync(join(dir, 'cli.csv'), 'utf8').split('\r\n')[1]).toMatch(/^000001,1,10,,1,1,0,0,0,0,2014-01-01,'=SUM\(A1:A2\),2\.41311895370017/);
    expect(readFileSync(join(dir, 'cli.sps'), 'utf8')).toContain('SET DECIMAL=DOT.');
    expect(await runCli(['export', project], io)).toBe(2);
    expect(await runCli(['export', project, '--out', out, '--sps', 'x.sps'], io)).toBe(2);
    expect(await runCli(['export', project, '--out', out, '--sheets', 'data,nope'], io)).toBe(2);
  });

  it('--sheets takes the sheet names as the workbook shows them, or their keys, in any letter case', async () => {
    let e = '';
    const io = { out: () => undefined, err: (t: string) => { e += t; } };
    const out = join(dir, 'cli-names.xlsx');
    expect(await runCli(['export', project, '--out', out, '--sheets', 'Data, cleaning log,INFO,valueLabels'], io), e).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Value labels', 'Cleaning log', 'Info']);
    e = '';
    expect(await runCli(['export', project, '--out', join(dir, 'cli-bad.xlsx'), '--sheets', 'Data,Tabellen'], io)).toBe(2);
    expect(e).toContain('not a sheet: Tabellen');
    expect(e).toContain('Data, Labels, Variables, Value labels, Missing values, Frequencies, Weighting, Tables, Fieldwork, Cleaning log, Exclusions, Info');
    expect(e).toContain('data, labels, variables, valueLabels, missingValues, frequencies, weighting, tables, fieldwork, cleaningLog, exclusions, info');
    expect(existsSync(join(dir, 'cli-bad.xlsx'))).toBe(false);
  });

  it('--include-identifiers opens for writing and is audit-logged', async () => {
    const io = { out: () => undefined, err: () => undefined };
    expect(await runCli(['export', project, '--out', join(dir, 'cli-ids.xlsx'), '--include-identifiers', '--sheets', 'data'], io)).toBe(0);
    const p = await openProjectForWrite(project, 'test');
    try {
      const n = (p.db.prepare("SELECT count(*) AS n FROM audit_log WHERE source = 'export'").get() as { n: number }).n;
      expect(n).toBe(2);
    } finally {
      p.close();
    }
  });
});
