// Crash safety on real project files: SIGKILL mid-transaction and mid-backup, and a full disk (max_page_count).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createProjectFile, inspectProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { backupDirFor, listBackups } from '../../electron/backend/db/backup';
import { currentLockOwner } from '../../electron/backend/db/lock';
import { createBackend } from '../../electron/backend/backend';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { tempDir } from '../helpers/tmp';
import { digestDb, digestFile } from '../helpers/projectDigest';
import { insertKeyedCases } from '../helpers/projectRows';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { loadXlsform } from '../../electron/backend/services/xlsformFiles';

const dir = tempDir('veldwerk-crash-');
const root = resolve(__dirname, '../..');
const writer = join(root, 'tests/helpers/crashWriter.ts');

/** Starts the crash writer, waits for its marker line, SIGKILLs it, and resolves when it is gone. */
function killMidway(project: string, mode: 'import' | 'backup', marker: string, delayMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, project, mode], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no marker within 30 s; stdout ${out} stderr ${err}`));
    }, 30_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(marker)) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL') resolvePromise(out);
      else reject(new Error(`the writer ended by itself (code ${code}); stderr ${err}`));
    });
  });
}

/**
 * Runs the real response import in a child and SIGKILLs it once its open transaction has grown the WAL by
 * `growBytes`; resolves 'killed', or 'finished' when the import committed first.
 */
function killImportMidTransaction(project: string, file: string, growBytes: number): Promise<'killed' | 'finished'> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, project, 'responses', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let poll: NodeJS.Timeout | undefined;
    let killed = false;
    const walSize = (): number => {
      try {
        return statSync(`${project}-wal`).size;
      } catch {
        return 0;
      }
    };
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the import neither grew the WAL nor finished within 60 s; stdout ${out} stderr ${err}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('IMPORTING') && !poll) {
        const base = walSize();
        poll = setInterval(() => {
          if (!killed && walSize() > base + growBytes) {
            killed = true;
            child.kill('SIGKILL');
          }
        }, 2);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearInterval(poll);
      if (signal === 'SIGKILL' && killed) resolvePromise('killed');
      else if (code === 0 && out.includes('DONE')) resolvePromise('finished');
      else reject(new Error(`the import child ended with code ${code} signal ${signal}; stdout ${out} stderr ${err}`));
    });
  });
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('SIGKILL in the middle of a write', () => {
  it('a long import transaction: the project opens, integrity_check ok, the transaction entirely absent', async () => {
    const path = createProjectFile(join(dir, 'import.vwk'), 'Crash import');
    const p = await openProjectForWrite(path, 'test');
    insertKeyedCases(p.db, 20, 10);
    p.close();
    const before = digestFile(path);
    const out = await killMidway(path, 'import', 'IN-TRANSACTION', 150);
    expect(out).toMatch(/IN-TRANSACTION \d+/);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(200_000); // uncommitted pages had spilled into the WAL
    expect(currentLockOwner(path)).toBeNull(); // the dead writer's lock is stale
    expect(() => inspectProjectFile(path)).not.toThrow();
    const q = await openProjectForWrite(path, 'test'); // takes over the stale lock, recovers the WAL
    try {
      expect(q.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(digestDb(q.db)).toEqual(before);
      expect(q.db.prepare("SELECT count(*) AS n FROM case_record WHERE source = 'import'").get()).toEqual({ n: 0 });
    } finally {
      q.close();
    }
    expect(integrity(path)).toBe('ok');
  }, 60_000);

  it('the real response import (one transaction): killed halfway, the import is entirely absent', async () => {
    const path = createProjectFile(join(dir, 'responses.vwk'), 'Crash responses');
    const p = await openProjectForWrite(path, 'test');
    storeQuestionnaire(p.db, await loadXlsform(resolve(root, '../shared/monitor')), 'test');
    insertKeyedCases(p.db, 5, 3);
    p.close();
    const csv = join(dir, 'responses.csv');
    writeFileSync(csv, `case_id,toestemming,groep\n${Array.from({ length: 15_000 }, (_, i) => `R${String(i + 1).padStart(6, '0')},1,${1 + (i % 2)}`).join('\n')}\n`);
    const before = digestFile(path);
    expect(await killImportMidTransaction(path, csv, 400_000)).toBe('killed');
    const q = await openProjectForWrite(path, 'test');
    try {
      expect(q.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(q.db.prepare("SELECT count(*) FROM case_record WHERE source = 'import'").pluck().get()).toBe(0);
      expect(digestDb(q.db)).toEqual(before);
    } finally {
      q.close();
    }
  }, 90_000);

  it('an online backup: no half-written backup is ever listed, and every listed backup is a sound project', async () => {
    const path = createProjectFile(join(dir, 'backup.vwk'), 'Crash backup');
    const p = await openProjectForWrite(path, 'test');
    insertKeyedCases(p.db, 300, 30);
    p.close();
    const expected = digestFile(path);
    await killMidway(path, 'backup', 'BACKING-UP', 300);
    const listed = listBackups(path);
    expect(listed.length).toBeGreaterThan(1);
    for (const b of listed.slice(-3)) {
      expect(() => inspectProjectFile(b)).not.toThrow();
      expect(digestFile(b)).toEqual(expected);
    }
    // A copy cut off by the kill stays under its .partial name, which no listing or restore ever takes.
    const partial = readdirSync(backupDirFor(path)).filter((f) => f.endsWith('.partial'));
    expect(partial.length).toBeLessThanOrEqual(1);
    expect(integrity(path)).toBe('ok');
  }, 60_000);
});

describe('a full disk (simulated with PRAGMA max_page_count)', () => {
  it('a write that does not fit → IO_ERROR with a clear message; the project unchanged and sound; it works again with space', async () => {
    const backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
    try {
      const path = join(dir, 'full.vwk');
      expect((await backend.dispatch('project.create', { path })).ok).toBe(true);
      const fid = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
      const frame = join(dir, 'big-frame.csv');
      writeFileSync(frame, `case_id,groep,naam,adres\n${Array.from({ length: 3000 }, (_, i) => `${fid(i + 1)},${1 + (i % 2)},Persoon ${i + 1},Straat ${i} te Plaats`).join('\n')}\n`);
      const db = backend.session.project!.db;
      const before = digestDb(db);
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages + 2}`);
      const r = await backend.dispatch('sample.importFrame', { file: frame, operator: 'tester', options: { strata: ['groep'] } });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('IO_ERROR');
      expect(r.error.message).toMatch(/^The disk is full/);
      expect(r.error.message).toMatch(/sample\.importFrame/);
      expect(digestDb(db)).toEqual(before);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The session and the file are fine: with space again, the same import succeeds.
      db.pragma('max_page_count = 1073741823');
      const again = await backend.dispatch('sample.importFrame', { file: frame, operator: 'tester', options: { strata: ['groep'] } });
      expect(again, JSON.stringify(again).slice(0, 400)).toMatchObject({ ok: true });
      expect(digestDb(db).counts.sample_case).toBe(3000);
    } finally {
      backend.close();
    }
  });
});
