// Backups and restore on real project files: backup while open in WAL mode, restore (CLI, service, channel), refusals.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createProjectFile, openProjectForWrite, openProjectReadOnly } from '../../electron/backend/db/open';
import { backupDirFor, backupProject, listBackups } from '../../electron/backend/db/backup';
import { listProjectBackups, restoreProjectFile } from '../../electron/backend/services/backups';
import { createBackend } from '../../electron/backend/backend';
import { runCli } from '../../electron/cli/cli';
import { DomainError } from '../../shared/domain/errors';
import { sha256File, tempDir } from '../helpers/tmp';
import { digestFile } from '../helpers/projectDigest';
import { insertKeyedCases } from '../helpers/projectRows';

const dir = tempDir();
let n = 0;
const fresh = (): string => createProjectFile(join(dir, `r${++n}.vwk`), `Restore ${n}`);

async function codeOf(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'no error';
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

describe('backup while open in WAL mode, restore into a new file', () => {
  it('the restored file holds exactly the committed data, including what was still in the WAL', async () => {
    const path = fresh();
    const p = await openProjectForWrite(path, 'test');
    try {
      p.db.pragma('wal_autocheckpoint = 0'); // keep every commit in the WAL
      insertKeyedCases(p.db, 200, 25);
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(100_000);
      // A second process would use a read-only connection; the online backup reads the WAL too.
      const reader = openProjectReadOnly(path);
      let backup: string;
      try {
        backup = await backupProject(reader.db, path);
      } finally {
        reader.close();
      }
      const expected = digestFile(path);
      expect(expected.counts.response).toBe(5000);
      const target = join(dir, 'restored', 'copy.vwk');
      const r = await restoreProjectFile(backup, target, 'test');
      expect(r).toMatchObject({ path: target, restoredFrom: backup, replacedKeptAt: null });
      expect(digestFile(target)).toEqual(expected);
      expect(integrity(target)).toBe('ok');
      expect(existsSync(`${target}-wal`) && statSync(`${target}-wal`).size > 0).toBe(false);
      expect(readdirSync(join(dir, 'restored')).filter((f) => f.includes('.restoring-'))).toEqual([]);
      // The restored file opens for writing like any project.
      const q = await openProjectForWrite(target, 'test');
      q.close();
    } finally {
      p.close();
    }
  });
});

describe('restore over an existing project', () => {
  it('keeps the replaced project as a backup first, then puts the backup in place', async () => {
    const path = fresh();
    const p = await openProjectForWrite(path, 'test'); // backup #1: the empty project
    const emptyBackup = p.backupPath!;
    insertKeyedCases(p.db, 10, 5);
    p.close();
    const before = digestFile(path);
    expect(before.counts.case_record).toBe(10);
    const r = await restoreProjectFile(emptyBackup, path, 'test');
    expect(r.replacedKeptAt).not.toBeNull();
    expect(listBackups(path)).toContain(r.replacedKeptAt);
    expect(digestFile(path).counts.case_record).toBe(0);
    expect(digestFile(r.replacedKeptAt!)).toEqual(before);
    expect(integrity(path)).toBe('ok');
  });

  it('restoring the oldest of a full rotation works even though keeping the replaced project rotates it away', async () => {
    const path = fresh();
    for (let i = 0; i < 10; i++) (await openProjectForWrite(path, 'test')).close();
    const oldest = listBackups(path)[0]!;
    const expected = digestFile(oldest);
    const r = await restoreProjectFile(oldest, path, 'test');
    expect(existsSync(oldest)).toBe(false); // rotated away by the backup of the replaced project
    expect(digestFile(path)).toEqual(expected);
    expect(r.replacedKeptAt && existsSync(r.replacedKeptAt)).toBeTruthy();
  });

  it('refuses while the project is open for writing (PROJECT_IN_USE) and changes nothing', async () => {
    const path = fresh();
    const p = await openProjectForWrite(path, 'test');
    try {
      const backup = p.backupPath!;
      insertKeyedCases(p.db, 3, 3);
      const before = sha256File(path);
      const backupsBefore = listBackups(path);
      expect(await codeOf(() => restoreProjectFile(backup, path, 'test'))).toBe('PROJECT_IN_USE');
      expect(sha256File(path)).toBe(before);
      expect(listBackups(path)).toEqual(backupsBefore);
      const c = await cli('restore', backup, path);
      expect(c.code).toBe(1);
      expect(c.err).toMatch(/in use/);
    } finally {
      p.close();
    }
  });

  it('replaces a damaged project, keeping its bytes as <name>-replaced-….vwk.damaged', async () => {
    const path = fresh();
    const p = await openProjectForWrite(path, 'test');
    const backup = p.backupPath!;
    p.close();
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(4096, 0xab)]));
    const damaged = sha256File(path);
    const r = await restoreProjectFile(backup, path, 'test');
    expect(r.replacedKeptAt).toMatch(/-replaced-\d{8}-\d{6}-\d{3}\.vwk\.damaged$/);
    expect(sha256File(r.replacedKeptAt!)).toBe(damaged);
    expect(integrity(path)).toBe('ok');
    expect(listBackups(path)).not.toContain(r.replacedKeptAt);
  });

  it('refuses a backup that is not a project, damaged or missing, and writes nothing', async () => {
    const path = fresh();
    const before = sha256File(path);
    const junk = join(dir, 'junk.vwk');
    writeFileSync(junk, 'not a database at all');
    expect(await codeOf(() => restoreProjectFile(junk, path, 'test'))).toBe('NOT_A_PROJECT');
    expect(await codeOf(() => restoreProjectFile(join(dir, 'missing.vwk'), path, 'test'))).toBe('NOT_FOUND');
    expect(sha256File(path)).toBe(before);
    expect(existsSync(backupDirFor(path))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.restoring-') || f.endsWith('.lock'))).toEqual([]);
  });

  it('never overwrites a file that is neither a .vwk nor a Veldwerk project, nor the backup itself', async () => {
    const backup = fresh();
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'my notes\n');
    expect(await codeOf(() => restoreProjectFile(backup, notes, 'test'))).toBe('ALREADY_EXISTS');
    expect(await codeOf(() => restoreProjectFile(backup, backup, 'test'))).toBe('ALREADY_EXISTS');
    expect(await codeOf(() => restoreProjectFile(backup, dir, 'test'))).toBe('ALREADY_EXISTS');
  });
});

describe('veldwerk restore (CLI)', () => {
  it('restores, prints where the replaced project is kept, and --json gives the result', async () => {
    const path = fresh();
    const p = await openProjectForWrite(path, 'test');
    const backup = p.backupPath!;
    insertKeyedCases(p.db, 4, 2);
    p.close();
    const c = await cli('restore', backup, path, '--json');
    expect(c.code, c.err).toBe(0);
    const r = JSON.parse(c.out) as { path: string; replacedKeptAt: string };
    expect(r.path).toBe(path);
    expect(digestFile(r.replacedKeptAt).counts.case_record).toBe(4);
    expect(digestFile(path).counts.case_record).toBe(0);
    expect((await cli('restore', backup)).code).toBe(2);
    expect((await cli('restore', backup, path, '--force')).code).toBe(2);
  });
});

describe('project.listBackups / project.restoreBackup (channels)', () => {
  it('lists the open project\'s backups newest first and restores one onto the open project, reopening it', async () => {
    const backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
    try {
      const path = join(dir, 'channel.vwk');
      expect((await backend.dispatch('project.create', { path })).ok).toBe(true);
      insertKeyedCases(backend.session.project!.db, 5, 2);
      const reopened = await backend.dispatch('project.open', { path: join(dir, 'r1.vwk') });
      expect(reopened.ok).toBe(true);
      expect((await backend.dispatch('project.open', { path })).ok).toBe(true); // backup with the 5 cases
      insertKeyedCases(backend.session.project!.db, 7, 2, 'U');
      const listed = await backend.dispatch('project.listBackups', {});
      expect(listed.ok).toBe(true);
      if (!listed.ok) return;
      const entries = listed.value as { path: string; createdAt: string | null }[];
      expect(entries.length).toBe(2);
      expect(entries[0]!.createdAt! > entries[1]!.createdAt!).toBe(true);
      expect(entries.map((e) => e.path)).toEqual(listProjectBackups(path).map((e) => e.path));
      const r = await backend.dispatch('project.restoreBackup', { backup: entries[0]!.path });
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true, value: { path, reopened: true } });
      expect(backend.session.project?.path).toBe(path);
      expect(digestFile(path).counts.case_record).toBe(5);
      const current = await backend.dispatch('project.current', {});
      expect(current).toMatchObject({ ok: true, value: { counts: { total: 5 } } });
      const none = await backend.dispatch('project.restoreBackup', { backup: join(dir, 'missing.vwk') });
      expect(none).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(backend.session.project?.path).toBe(path); // still open after a refused restore
    } finally {
      backend.close();
    }
  });

  it('without an open project and without a path → NO_PROJECT_OPEN', async () => {
    const backend = createBackend({ appDataDir: join(dir, 'appdata2'), hostLabel: 'test' });
    try {
      expect(await backend.dispatch('project.listBackups', {})).toMatchObject({ ok: false, error: { code: 'NO_PROJECT_OPEN' } });
      expect(await backend.dispatch('project.restoreBackup', { backup: 'x.vwk' })).toMatchObject({ ok: false, error: { code: 'NO_PROJECT_OPEN' } });
    } finally {
      backend.close();
    }
  });
});
