// Crash safety of the CLI's export and response import: SIGKILL halfway leaves no file under the final name, a sound project, and an import entirely absent or entirely present.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import type { Item, Questionnaire } from '../../shared/domain/questionnaire';
import { sha256File, tempDir } from '../helpers/tmp';
import { digestFile } from '../helpers/projectDigest';
import { insertKeyedCases } from '../helpers/projectRows';

const dir = tempDir('veldwerk-crash-cli-');
const root = resolve(__dirname, '../..');
const cliMain = join(root, 'electron/cli/main.ts');

/** A questionnaire of `n` integer variables v1…vn (the names tests/helpers/projectRows.ts writes). */
function wideQuestionnaire(n: number): Questionnaire {
  const items: Item[] = Array.from({ length: n }, (_, i) => ({
    kind: 'variable',
    variable: { name: `v${i + 1}`, type: 'integer', label: { nl: `Vraag ${i + 1}` }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false },
  }));
  return { id: 'crash', title: 'Crash', version: '1', languages: ['nl'], defaultLanguage: 'nl', items, lists: [], missingDefaults: { oneDigit: [], twoDigit: [] } };
}

/** A project with the wide questionnaire and `cases` keyed cases of `vars` answers each. */
async function wideProject(name: string, vars: number, cases: number): Promise<string> {
  const path = createProjectFile(join(dir, name), name);
  const p = await openProjectForWrite(path, 'test');
  try {
    storeQuestionnaire(p.db, wideQuestionnaire(vars), 'test');
    if (cases > 0) insertKeyedCases(p.db, cases, vars);
  } finally {
    p.close();
  }
  return path;
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

interface Outcome {
  killed: boolean;
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/**
 * Runs the CLI in a child process and SIGKILLs it as soon as `killWhen(stdout so far)` is true (polled every 2 ms);
 * resolves with whether the kill happened before the CLI ended by itself.
 */
function runCliKilled(argv: string[], killWhen: (stdout: string) => boolean, timeoutMs = 30_000): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', cliMain, ...argv], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    const poll = setInterval(() => {
      if (!killed && killWhen(out)) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 2);
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not end within ${timeoutMs} ms; stdout ${out} stderr ${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolvePromise({ killed, code, out, err, ms: Date.now() - t0 });
    });
  });
}

const partials = (folder: string): string[] => readdirSync(folder).filter((f) => f.endsWith('.partial'));

describe('SIGKILL during a CLI export', () => {
  it('killed while the workbook is being written: no file under the final name, the project sound', async () => {
    const path = await wideProject('export.vwk', 40, 5000);
    const before = sha256File(path); // the export opens the project read-only: not one byte may change
    const outDir = join(dir, 'export-out');
    mkdirSync(outDir);
    const xlsx = join(outDir, 'rapport.xlsx');
    const csv = join(outDir, 'data.csv');
    // Kill once the temporary workbook holds some data: the export is under way, far from done.
    const r = await runCliKilled(['export', path, '--out', xlsx, '--csv', csv], () => partials(outDir).some((f) => (statSync(join(outDir, f), { throwIfNoEntry: false })?.size ?? 0) > 64 * 1024));
    expect(r.killed, `the export ended by itself after ${r.ms} ms: ${r.out} ${r.err}`).toBe(true);
    expect(existsSync(xlsx)).toBe(false);
    expect(existsSync(csv)).toBe(false);
    expect(partials(outDir).length).toBeGreaterThan(0);
    expect(integrity(path)).toBe('ok');
    expect(sha256File(path)).toBe(before);
  }, 60_000);
});

/** Rows the import adds (cases, responses, its audit-log entries), counted in a read-only connection. */
function importCounts(path: string): { imported: number; responses: number; importAudits: number } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      imported: db.prepare("SELECT count(*) FROM case_record WHERE source = 'import'").pluck().get() as number,
      responses: db.prepare('SELECT count(*) FROM answer').pluck().get() as number,
      importAudits: db.prepare("SELECT count(*) FROM audit_log WHERE source = 'import'").pluck().get() as number,
    };
  } finally {
    db.close();
  }
}

describe('SIGKILL during a CLI response import (`responses import`)', () => {
  const ROWS = 12_000;
  const VARS = 20;

  async function setup(name: string): Promise<{ path: string; csv: string }> {
    const path = await wideProject(name, VARS, 0);
    const csv = join(dir, `${name}.csv`);
    if (!existsSync(csv)) {
      const lines = [`case_id,${Array.from({ length: VARS }, (_, j) => `v${j + 1}`).join(',')}`];
      for (let i = 1; i <= ROWS; i++) lines.push(`W${String(i).padStart(6, '0')},${Array.from({ length: VARS }, (_, j) => (i * 7 + j) % 9).join(',')}`);
      writeFileSync(csv, `${lines.join('\n')}\n`);
    }
    return { path, csv };
  }

  const walSize = (path: string): number => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;

  it('killed inside the import transaction: the import entirely absent, the project unchanged and sound', async () => {
    const { path, csv } = await setup('import-mid.vwk');
    const before = digestFile(path);
    let base = -1;
    // The CLI's open writes a backup and checkpoints; the import's own transaction then spills pages into the WAL.
    const r = await runCliKilled(['responses', 'import', path, '--file', csv, '--operator', 'crash'], () => {
      const w = walSize(path);
      if (base < 0) {
        if (existsSync(`${path}.lock`)) base = w;
        return false;
      }
      return w > base + 256 * 1024;
    });
    expect(r.killed, `the import ended by itself after ${r.ms} ms: ${r.out} ${r.err}`).toBe(true);
    expect(integrity(path)).toBe('ok');
    expect(importCounts(path)).toEqual({ imported: 0, responses: 0, importAudits: 0 });
    expect(digestFile(path)).toEqual(before);
  }, 60_000);

  it('killed right after it reports success: the import entirely present, the project sound', async () => {
    const { path, csv } = await setup('import-end.vwk');
    const before = importCounts(path);
    const r = await runCliKilled(['responses', 'import', path, '--file', csv, '--operator', 'crash'], (out) => out.includes('Imported:'));
    expect(r.out).toContain(`Imported:  ${ROWS} new cases`);
    expect(integrity(path)).toBe('ok');
    expect(before).toEqual({ imported: 0, responses: 0, importAudits: 0 });
    expect(importCounts(path)).toEqual({ imported: ROWS, responses: ROWS * VARS, importAudits: ROWS + 1 }); // one per case and one for the import
  }, 60_000);
});
