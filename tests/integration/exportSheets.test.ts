// Integration tests of the export's Fieldwork and Cleaning log sheets (read back and compared with the fieldwork
// report and the audit log), export profiles (channels and CLI --profile), the one-group filter and background jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { runCli } from '../../electron/cli/cli';
import { setDefaultProfile } from '../../electron/backend/export/profiles';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import type { FieldworkReport } from '../../shared/contract/fieldwork';
import type { ExportJobStatus, ExportOptionsOutput, StoredExportProfile } from '../../shared/contract/export';
import { tempDir } from '../helpers/tmp';
import { createFixtureProject, type FixtureCase } from './exportFixture';

const dir = tempDir('veldwerk-export-sheets-');
const project = join(dir, 'sheets.vwk');
const N = 240;
let cases: FixtureCase[] = [];
let backend: Backend;

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function fails(channel: string, input: unknown): Promise<string> {
  const r = await backend.dispatch(channel, input);
  if (r.ok) throw new Error(`${channel} should have failed`);
  return r.error.code;
}

async function untilDone(jobId: string): Promise<ExportJobStatus> {
  for (;;) {
    const s = await call<ExportJobStatus>('export.status', { jobId });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function sheetRows(path: string, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name} (has ${wb.worksheets.map((w) => w.name).join(', ')})`);
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    rows[r - 1] = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null);
  });
  return rows;
}

const fid = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);

beforeAll(async () => {
  cases = createFixtureProject(project, N).cases;
  // Two hand-made cleaning corrections by a second operator (the fixture already logs its exclusions as cleaning).
  const db = new Database(project);
  db.prepare("INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason) VALUES ('2024-05-02T08:00:00.000Z', 'anne', 'cleaning', 3, 'leeftijd', '450', '45', 'typefout: 450 jaar')").run();
  db.prepare("INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason) VALUES ('2024-05-02T08:05:00.000Z', 'anne', 'cleaning', 4, 'functie', '13', '12', 'code 13 bestaat niet')").run();
  db.prepare("INSERT INTO audit_log (at, operator, source, reason) VALUES ('2024-05-01T07:00:00.000Z', 'piet', 'keying', 'batch B1')").run();
  db.close();
  backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
  await call('project.open', { path: project });
  // A sample of 60 with a stratum (functie codes of the questionnaire) and some dispositions.
  const frame = join(dir, 'frame.csv');
  writeFileSync(frame, `case_id,functie,selection_probability\n${Array.from({ length: 60 }, (_, i) => `${fid(i + 1)},${[10, 11, 12][i % 3]},0.5`).join('\n')}\n`);
  await call('sample.importFrame', { file: frame, options: { strata: ['functie'] }, operator: 'tester' });
  await call('disposition.set', { caseIds: Array.from({ length: 25 }, (_, i) => fid(i + 1)), code: '1.1', operator: 'tester' });
  await call('disposition.set', { caseIds: Array.from({ length: 10 }, (_, i) => fid(i + 26)), code: '2.11', operator: 'tester' });
});

afterAll(() => backend?.close());

describe('Fieldwork and Cleaning log sheets', () => {
  const out = join(dir, 'sheets.xlsx');
  let report: FieldworkReport;

  beforeAll(async () => {
    await call('export.run', { path: out });
    report = await call<FieldworkReport>('fieldwork.report', {});
  });

  it('are in the default workbook, before Exclusions and Info', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Labels', 'Variables', 'Value labels', 'Missing values', 'Frequencies', 'Weighting', 'Tables', 'Fieldwork', 'Cleaning log', 'Exclusions', 'Info']);
  });

  it('Fieldwork: the total and every stratum row equal the fieldwork report (counts, rates as %, e)', async () => {
    const rows = await sheetRows(out, 'Fieldwork');
    expect(rows[0]!.slice(0, 12)).toEqual(['Stratum variable', 'Code', 'Label', 'Sampled', 'I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE']);
    expect(rows[0]!.slice(12)).toEqual(['RR1 %', 'RR2 %', 'RR3 %', 'RR4 %', 'COOP1 %', 'COOP2 %', 'REF1 %', 'CON1 %', 'e']);
    const expected = [
      { variable: '(total)', row: report.overall },
      ...report.byStratum.flatMap((s) => s.rows.map((row) => ({ variable: s.variable, row }))),
    ];
    expect(rows.length - 1).toBe(expected.length);
    expect(report.overall.sampled).toBe(60);
    expected.forEach(({ variable, row }, i) => {
      const got = rows[i + 1]!;
      expect(got[0]).toBe(variable);
      expect(got[3]).toBe(row.sampled);
      expect(got.slice(4, 12)).toEqual(['I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE'].map((k) => row.counts[k as keyof typeof row.counts]));
      const rates = ['RR1', 'RR2', 'RR3', 'RR4', 'COOP1', 'COOP2', 'REF1', 'CON1'] as const;
      rates.forEach((k, j) => {
        const r = row.rates[k];
        if (r === null) expect(got[12 + j]).toBeNull();
        else expect(got[12 + j] as number).toBeCloseTo(r * 100, 10);
      });
      expect(got[20]).toBeCloseTo(row.rates.e, 12);
    });
    const burgemeester = rows.find((r) => r[0] === 'functie' && r[1] === 10);
    expect(burgemeester?.[2]).toBe('Burgemeester');
  });

  it('Cleaning log: counts per source and operator equal the audit log; every cleaning entry is listed', async () => {
    const rows = await sheetRows(out, 'Cleaning log');
    expect(rows[0]).toEqual(['Section', 'Source', 'Operator', 'Entries', 'At (UTC)', 'Case ID', 'Action', 'Rule', 'Variable', 'Old value', 'New value', 'Reason']);
    const db = new Database(project, { readonly: true });
    try {
      const bySource = db.prepare('SELECT source, count(*) AS n FROM audit_log GROUP BY source ORDER BY source').all() as { source: string; n: number }[];
      expect(rows.filter((r) => r[0] === 'per source').map((r) => [r[1], r[3]])).toEqual(bySource.map((s) => [s.source, s.n]));
      const byOp = db.prepare('SELECT source, operator, count(*) AS n FROM audit_log GROUP BY source, operator ORDER BY source, operator').all() as { source: string; operator: string; n: number }[];
      expect(rows.filter((r) => r[0] === 'per operator').map((r) => [r[1], r[2], r[3]])).toEqual(byOp.map((s) => [s.source, s.operator, s.n]));
      const cleaning = rows.filter((r) => r[0] === 'cleaning');
      const excluded = cases.filter((c) => c.status === 'excluded').length;
      expect(cleaning.length).toBe(excluded + 2);
      const fix = cleaning.find((r) => r[9] === '450');
      expect(fix).toEqual(['cleaning', 'cleaning', 'anne', null, '2024-05-02T08:00:00.000Z', cases[2]!.caseId, null, null, 'leeftijd', '450', '45', 'typefout: 450 jaar']);
    } finally {
      db.close();
    }
  });

  it('a project without sample or cleaning entries gets explanatory rows, not empty or broken sheets', async () => {
    const bare = join(dir, 'bare.vwk');
    const b = createBackend({ appDataDir: join(dir, 'appdata-bare'), hostLabel: 'test' });
    try {
      let r = await b.dispatch('project.create', { path: bare, title: 'Leeg' });
      expect(r.ok).toBe(true);
      const o = join(dir, 'bare.xlsx');
      r = await b.dispatch('export.run', { path: o, sheets: ['fieldwork', 'cleaningLog'] });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect((await sheetRows(o, 'Fieldwork'))[1]![2]).toMatch(/No sample frame/);
      const cl = await sheetRows(o, 'Cleaning log');
      expect(cl.at(-1)![11]).toMatch(/No cleaning corrections/);
    } finally {
      b.close();
    }
  });
});

describe('export options, filter and background jobs', () => {
  it('offers the sheets, weights, filter variables, identifiers and counts', async () => {
    const o = await call<ExportOptionsOutput>('export.options', {});
    expect(o.sheets.map((s) => s.id)).toContain('cleaningLog');
    expect(o.weights.map((w) => w.name)).toContain('gewicht');
    expect(o.identifiers.map((v) => v.name)).toEqual(['naam', 'email']);
    expect(o.filterVariables.find((v) => v.name === 'functie')?.codes.map((c) => c.code)).toEqual(['10', '11', '12']);
    expect(o.statusCounts.complete + o.statusCounts.verified + o.statusCounts.excluded).toBe(N);
    expect(o.suggestedName).toMatch(/^export-fixture-export-\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  it('exports one group only (final value, pass 3 over pass 1) and names the filter on the Info sheet', async () => {
    const out = join(dir, 'wethouders.xlsx');
    const job = await call<ExportJobStatus>('export.start', { path: out, sheets: ['data', 'info'], filter: { variable: 'functie', codes: ['11'] } });
    const done = await untilDone(job.jobId);
    expect(done.state).toBe('done');
    const want = cases.filter((c) => c.status !== 'excluded' && (c.pass3.functie ?? c.pass1.functie) === '11').map((c) => c.caseId).sort();
    expect(done.result?.cases).toBe(want.length);
    const data = await sheetRows(out, 'Data');
    expect(data.slice(1).map((r) => r[0])).toEqual(want);
    const info = await sheetRows(out, 'Info');
    expect(info.find((r) => r[0] === 'Filters')?.[1]).toContain('functie = 11');
  });

  it('reports a bad request at start (ApiError), and a cancelled job leaves no file', async () => {
    expect(await fails('export.start', { path: join(dir, 'x.xlsx'), weight: 'bestaat_niet' })).toBe('INVALID_INPUT');
    expect(await fails('export.start', { path: join(dir, 'x.xlsx'), filter: { variable: 'bestaat_niet', codes: ['1'] } })).toBe('INVALID_INPUT');
    const out = join(dir, 'cancelled.xlsx');
    const job = await call<ExportJobStatus>('export.start', { path: out });
    await call('export.cancel', { jobId: job.jobId });
    const end = await untilDone(job.jobId);
    expect(['cancelled', 'done']).toContain(end.state);
    if (end.state === 'cancelled') {
      expect(end.error?.code).toBe('CANCELLED');
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(await fails('export.status', { jobId: 'nope' })).toBe('NOT_FOUND');
  });
});

describe('weights of a weighting run', () => {
  it('are offered by their scheme\'s names and exported as the weight column (normalised or grossed up)', async () => {
    const db = new Database(project);
    const pks = db.prepare("SELECT id, case_id FROM case_record WHERE status != 'excluded' ORDER BY case_id").all() as { id: number; case_id: string }[];
    db.transaction(() => {
      db.prepare("INSERT INTO weighting_scheme (name, definition, created_at, updated_at, updated_by) VALUES ('bestuurders', ?, 'x', 'x', 'anne')").run(JSON.stringify({ name: 'bestuurders', weightVariable: 'w_pop', weightVariableN: 'w_n' }));
      const id = (db.prepare("SELECT id FROM weighting_scheme WHERE name = 'bestuurders'").get() as { id: number }).id;
      db.prepare("INSERT INTO weighting_result (scheme_id, input_hash, weights_hash, ran_at, ran_by, diagnostics) VALUES (?, 'a', 'b', 'x', 'anne', '{}')").run(id);
      const ins = db.prepare('INSERT INTO weighting_weight (scheme_id, case_pk, weight, weight_n) VALUES (?, ?, ?, ?)');
      pks.forEach((c, i) => ins.run(id, c.id, 100 + i, 0.5 + i / 1000));
    })();
    db.close();
    const o = await call<ExportOptionsOutput>('export.options', {});
    expect(o.weights.filter((w) => w.source === 'weighting').map((w) => w.name)).toEqual(['w_pop', 'w_n']);
    const out = join(dir, 'weighted.xlsx');
    await call('export.run', { path: out, sheets: ['data', 'frequencies'], weight: 'w_n' });
    const data = await sheetRows(out, 'Data');
    const col = data[0]!.indexOf('w_n');
    expect(col).toBeGreaterThan(0);
    expect(data.slice(1).map((r) => r[0])).toEqual(pks.map((c) => c.case_id));
    data.slice(1).forEach((r, i) => expect(r[col]).toBeCloseTo(0.5 + i / 1000, 12));
    expect((await sheetRows(out, 'Frequencies'))[0]).toContain('Weighted valid percent');
  });
});

describe('export profiles', () => {
  it('are saved in project_meta, replaced by name (ignoring case), listed sorted and deleted', async () => {
    expect(await call<StoredExportProfile[]>('export.listProfiles', {})).toEqual([]);
    await call('export.saveProfile', { profile: { name: 'Wethouders', sheets: ['data', 'labels', 'info'], filter: { variable: 'functie', codes: ['11'] }, csv: 'intl', sps: true }, operator: 'anne' });
    await call('export.saveProfile', { profile: { name: 'Alles', sheets: ['data', 'frequencies'], weight: 'gewicht', statuses: ['verified'] } });
    const list = await call<StoredExportProfile[]>('export.saveProfile', { profile: { name: 'wethouders', sheets: ['data', 'info'], filter: { variable: 'functie', codes: ['11'] }, csv: 'intl', sps: true }, operator: 'anne' });
    expect(list.map((p) => p.name)).toEqual(['Alles', 'wethouders']);
    expect(list[1]).toMatchObject({ sheets: ['data', 'info'], includeIdentifiers: false, weight: null, statuses: ['open', 'complete', 'verified'], savedBy: 'anne' });
    const db = new Database(project, { readonly: true });
    try {
      const raw = db.prepare("SELECT value FROM project_meta WHERE key = 'export_profiles'").get() as { value: string };
      expect((JSON.parse(raw.value) as unknown[]).length).toBe(2);
    } finally {
      db.close();
    }
    // The project's default profile (set by the example or the CLI) is named by export.options, so the form starts on it.
    expect((await call<ExportOptionsOutput>('export.options', {})).defaultProfile).toBeNull();
    const w = new Database(project);
    try {
      setDefaultProfile(w, 'Alles');
    } finally {
      w.close();
    }
    expect((await call<ExportOptionsOutput>('export.options', {})).defaultProfile).toBe('Alles');
    const w2 = new Database(project);
    try {
      setDefaultProfile(w2, null);
    } finally {
      w2.close();
    }
    expect((await call<ExportOptionsOutput>('export.options', {})).defaultProfile).toBeNull();
    expect(await fails('export.deleteProfile', { name: 'bestaat niet' })).toBe('NOT_FOUND');
    expect(await fails('export.saveProfile', { profile: { name: '  ', sheets: ['data'] } })).toBe('INVALID_INPUT');
  });

  it('CLI --profile applies the saved choices (filter, sheets, CSV locale, syntax beside the CSV); an unknown one fails', async () => {
    await call('project.close', {});
    let o = '';
    let e = '';
    const io = { out: (t: string) => { o += t; }, err: (t: string) => { e += t; } };
    const out = join(dir, 'cli-profile.xlsx');
    const code = await runCli(['export', project, '--out', out, '--profile', 'WETHOUDERS', '--csv', join(dir, 'cli-profile.csv'), '--json'], io);
    expect(code, e).toBe(0);
    const rep = JSON.parse(o) as { sheets: string[]; cases: number; sps: { path: string } | null };
    expect(rep.sheets).toEqual(['Data', 'Info']);
    expect(rep.cases).toBe(cases.filter((c) => c.status !== 'excluded' && (c.pass3.functie ?? c.pass1.functie) === '11').length);
    expect(rep.sps?.path).toBe(join(dir, 'cli-profile.sps'));
    expect((await sheetRows(out, 'Info')).find((r) => r[0] === 'Export profile')?.[1]).toBe('wethouders');
    e = '';
    expect(await runCli(['export', project, '--out', out, '--profile', 'Geen'], io)).toBe(1);
    expect(e).toMatch(/No export profile named Geen \(saved: Alles, wethouders\)/);
    await call('project.open', { path: project });
    expect((await call<StoredExportProfile[]>('export.deleteProfile', { name: 'ALLES' })).map((p) => p.name)).toEqual(['wethouders']);
  });
});
