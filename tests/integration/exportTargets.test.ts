// Write failures of the CLI's export and audit export: one line naming the file, the CLI's exit code, and no file
// left behind (every target folder is checked before anything is written; files are renamed together at the end).
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/cli';
import { openProjectReadOnly } from '../../electron/backend/db/open';
import { runExport } from '../../electron/backend/export/runExport';
import { DomainError } from '../../shared/domain/errors';
import { tempDir } from '../helpers/tmp';
import { createFixtureProject } from './exportFixture';

const dir = tempDir();
const project = join(dir, 'p.vwk');
const missing = join(dir, 'nonexist');

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

beforeAll(() => {
  createFixtureProject(project, 5);
});

describe('export targets', () => {
  it('audit export into a missing folder: one line naming the file, exit 1, nothing written', async () => {
    const r = await cli(['audit', 'export', project, '--out', join(missing, 'a.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`veldwerk: Cannot write ${join(missing, 'a.csv')}: the folder ${missing} does not exist\n`);
    const x = await cli(['audit', 'export', project, '--out', join(missing, 'a.xlsx')]);
    expect(x.code).toBe(1);
    expect(x.err).toBe(`veldwerk: Cannot write ${join(missing, 'a.xlsx')}: the folder ${missing} does not exist\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('export with a CSV into a missing folder writes no workbook either', async () => {
    const before = readdirSync(dir).sort();
    const r = await cli(['export', project, '--out', join(dir, 'x.xlsx'), '--csv', join(missing, 'x.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`veldwerk: Cannot write ${join(missing, 'x.csv')}: the folder ${missing} does not exist\n`);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('an existing workbook stays as it was when the SPSS syntax cannot be written', async () => {
    writeFileSync(join(dir, 'keep.xlsx'), 'old');
    const r = await cli(['export', project, '--out', join(dir, 'keep.xlsx'), '--csv', join(dir, 'keep.csv'), '--sps', join(missing, 'keep.sps')]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`veldwerk: Cannot write ${join(missing, 'keep.sps')}: the folder ${missing} does not exist\n`);
    expect(readFileSync(join(dir, 'keep.xlsx'), 'utf8')).toBe('old');
    expect(existsSync(join(dir, 'keep.csv'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a workbook name not ending in .xlsx (CLI: usage, exit 2; backend: INVALID_INPUT)', async () => {
    const r = await cli(['export', project, '--out', join(dir, 'rep.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--out is the report workbook, an Excel file: its name must end in .xlsx (got ${join(dir, 'rep.csv')}; use --csv for a CSV file)`);
    expect(existsSync(join(dir, 'rep.csv'))).toBe(false);
    const p = openProjectReadOnly(project);
    try {
      await expect(runExport(p, { out: join(dir, 'rep.csv') })).rejects.toThrow(new DomainError('INVALID_INPUT', `The report workbook is an Excel file and its name must end in .xlsx: ${join(dir, 'rep.csv')}`));
    } finally {
      p.close();
    }
    expect(existsSync(join(dir, 'rep.csv'))).toBe(false);
  });

  it('a complete export writes all three files under their own names', async () => {
    const r = await cli(['export', project, '--out', join(dir, 'ok.XLSX'), '--csv', join(dir, 'ok.csv'), '--sps', join(dir, 'ok.sps')]);
    expect(r.code, r.err).toBe(0);
    for (const f of ['ok.XLSX', 'ok.csv', 'ok.sps']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(readFileSync(join(dir, 'ok.csv'), 'utf8').split('\r\n')[0]).toMatch(/^\ufeffcase_id[;,]/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
