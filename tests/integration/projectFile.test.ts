// Integration tests of the project file on real SQLite files: create, open, refuse, lock, backup, migrate.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createProjectFile, inspectProjectFile, openProjectForWrite, openProjectReadOnly, APPLICATION_ID } from '../../electron/backend/db/open';
import { backupProject, listBackups, BACKUPS_KEPT } from '../../electron/backend/db/backup';
import { LATEST_SCHEMA_VERSION, migrate } from '../../electron/backend/db/migrate';
import { migration as m0010 } from '../../electron/backend/db/migrations/0010-initial';
import { acquireLock, lockPathFor } from '../../electron/backend/db/lock';
import { DomainError } from '../../shared/domain/errors';
import { sha256File, tempDir } from '../helpers/tmp';

const dir = tempDir();
let n = 0;
function fresh(): string {
  return createProjectFile(join(dir, `p${++n}.vwk`), `Project ${n}`);
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'no error';
}

async function codeOfAsync(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('creating a project', () => {
  it('writes the application id, the latest schema, metadata and WAL mode', () => {
    const p = fresh();
    const db = new Database(p, { readonly: true });
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM project_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    expect(meta.title).toBe(`Project ${n}`);
    expect(meta.project_id).toMatch(/^[0-9a-f-]{36}$/);
    db.close();
    expect(readdirSync(dir).filter((f) => f.includes('.creating-'))).toEqual([]);
  });

  it('refuses to overwrite an existing file', () => {
    const p = fresh();
    const before = sha256File(p);
    expect(codeOf(() => createProjectFile(p, 'again'))).toBe('ALREADY_EXISTS');
    expect(sha256File(p)).toBe(before);
  });
});

describe('opening for writing', () => {
  it('sets WAL, foreign keys and synchronous=FULL, and makes a backup', async () => {
    const p = fresh();
    const h = await openProjectForWrite(p, 'test');
    try {
      expect(h.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(h.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(h.db.pragma('synchronous', { simple: true })).toBe(2);
      expect(h.backupPath).not.toBeNull();
      expect(existsSync(h.backupPath!)).toBe(true);
      expect(existsSync(lockPathFor(p))).toBe(true);
    } finally {
      h.close();
    }
    expect(existsSync(lockPathFor(p))).toBe(false);
  });

  it('keeps the audit log append-only', async () => {
    const h = await openProjectForWrite(fresh(), 'test');
    try {
      expect(() => h.db.prepare("UPDATE audit_log SET reason = 'x'").run()).toThrow(/append-only/);
      expect(() => h.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      h.close();
    }
  });
});

describe('refusing files it cannot open, leaving them byte-for-byte unchanged', () => {
  it('a text file is NOT_A_PROJECT', async () => {
    const f = join(dir, 'notes.vwk');
    writeFileSync(f, 'hostname\n');
    const before = sha256File(f);
    expect(codeOf(() => inspectProjectFile(f))).toBe('NOT_A_PROJECT');
    expect(await codeOfAsync(() => openProjectForWrite(f, 'test'))).toBe('NOT_A_PROJECT');
    expect(sha256File(f)).toBe(before);
    expect(readdirSync(dir).filter((x) => x.startsWith('notes'))).toEqual(['notes.vwk']);
  });

  it('an SQLite database of another application is NOT_A_PROJECT', async () => {
    const f = join(dir, 'other.sqlite');
    const db = new Database(f);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const before = sha256File(f);
    expect(await codeOfAsync(() => openProjectForWrite(f, 'test'))).toBe('NOT_A_PROJECT');
    expect(sha256File(f)).toBe(before);
  });

  it('a missing file is NOT_FOUND and a folder is NOT_A_PROJECT', () => {
    expect(codeOf(() => inspectProjectFile(join(dir, 'nope.vwk')))).toBe('NOT_FOUND');
    expect(codeOf(() => inspectProjectFile(dir))).toBe('NOT_A_PROJECT');
  });

  it('a truncated copy is CORRUPT_PROJECT', async () => {
    const p = fresh();
    const h = await openProjectForWrite(p, 'test');
    const ins = h.db.prepare("INSERT INTO case_record (case_id, source, created_at, updated_at) VALUES (?, 'keying', 'now', 'now')");
    h.db.transaction(() => {
      for (let i = 0; i < 2000; i++) ins.run(`C${i}`);
    })();
    h.close();
    const t = join(dir, 'truncated.vwk');
    copyFileSync(p, t);
    truncateSync(t, Math.floor(statSync(t).size / 2));
    const before = sha256File(t);
    expect(codeOf(() => inspectProjectFile(t))).toBe('CORRUPT_PROJECT');
    expect(await codeOfAsync(() => openProjectForWrite(t, 'test'))).toBe('CORRUPT_PROJECT');
    expect(sha256File(t)).toBe(before);
    expect(existsSync(lockPathFor(t))).toBe(false);
  });

  it('a page overwritten with garbage is CORRUPT_PROJECT', async () => {
    const p = fresh();
    const h = await openProjectForWrite(p, 'test');
    const ins = h.db.prepare("INSERT INTO case_record (case_id, source, created_at, updated_at) VALUES (?, 'keying', 'now', 'now')");
    h.db.transaction(() => {
      for (let i = 0; i < 3000; i++) ins.run(`C${i}`);
    })();
    h.close();
    const bytes = readFileSync(p);
    const pageSize = bytes.readUInt16BE(16);
    for (let i = 2 * pageSize; i < 4 * pageSize; i++) bytes[i] = (i * 7919) & 0xff;
    const g = join(dir, 'garbage.vwk');
    writeFileSync(g, bytes);
    const before = sha256File(g);
    expect(codeOf(() => inspectProjectFile(g))).toBe('CORRUPT_PROJECT');
    expect(sha256File(g)).toBe(before);
  });

  it('a file from a newer Veldwerk is NEWER_VERSION', async () => {
    const p = fresh();
    const db = new Database(p);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 990}`);
    db.close();
    const before = sha256File(p);
    expect(codeOf(() => inspectProjectFile(p))).toBe('NEWER_VERSION');
    expect(await codeOfAsync(() => openProjectForWrite(p, 'test'))).toBe('NEWER_VERSION');
    expect(sha256File(p)).toBe(before);
  });
});

describe('the single-writer lock', () => {
  it('refuses a second writer in the same process with a message naming the holder', async () => {
    const p = fresh();
    const h = await openProjectForWrite(p, 'http-host');
    try {
      await expect(openProjectForWrite(p, 'cli')).rejects.toThrow(/Project is in use \(by the Veldwerk web host, .*since 20/);
      const r = openProjectReadOnly(p);
      expect((r.db.prepare('SELECT count(*) AS n FROM project_meta').get() as { n: number }).n).toBeGreaterThan(0);
      r.close();
    } finally {
      h.close();
    }
  });

  it('refuses a writer from another process', async () => {
    const p = fresh();
    const h = await openProjectForWrite(p, 'app');
    try {
      const script = `import { openProjectForWrite } from './electron/backend/db/open';\ntry { await openProjectForWrite(${JSON.stringify(p)}, 'cli'); console.log('OPENED'); } catch (e) { console.log(e.code + ': ' + e.message); }`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
      expect(child.stdout).toMatch(/^PROJECT_IN_USE: Project is in use \(by the Veldwerk app, /);
    } finally {
      h.close();
    }
  });

  it('takes over a stale lock whose process is gone', async () => {
    const p = fresh();
    writeFileSync(lockPathFor(p), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), user: 'x', app: 'cli', since: '2020-01-01T00:00:00Z' }));
    const h = await openProjectForWrite(p, 'test');
    expect(JSON.parse(readFileSync(lockPathFor(p), 'utf8')).pid).toBe(process.pid);
    h.close();
  });

  it('release only removes its own lock', () => {
    const p = fresh();
    const l = acquireLock(p, 'test');
    l.release();
    l.release();
    expect(existsSync(lockPathFor(p))).toBe(false);
  });
});

describe('backups', () => {
  it('contain the latest committed write while the project is open in WAL mode', async () => {
    const p = fresh();
    const h = await openProjectForWrite(p, 'test');
    try {
      h.db.prepare("INSERT INTO case_record (case_id, source, created_at, updated_at) VALUES ('LATEST', 'keying', 'now', 'now')").run();
      expect(statSync(`${p}-wal`).size).toBeGreaterThan(0);
      const b = await backupProject(h.db, p);
      const restored = join(dir, 'restored.vwk');
      copyFileSync(b, restored);
      const r = openProjectReadOnly(restored);
      expect(r.db.prepare("SELECT case_id FROM case_record WHERE case_id = 'LATEST'").get()).toEqual({ case_id: 'LATEST' });
      r.close();
    } finally {
      h.close();
    }
  });

  it('rotate: only the newest ten are kept', async () => {
    const p = fresh();
    for (let i = 0; i < BACKUPS_KEPT + 3; i++) {
      const h = await openProjectForWrite(p, 'test');
      h.close();
    }
    const list = listBackups(p);
    expect(list).toHaveLength(BACKUPS_KEPT);
    expect(list.every((b) => b.endsWith('.vwk'))).toBe(true);
    expect(readdirSync(join(dir, `p${n}.backups`)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('migrations', () => {
  it('0010-initial creates the schema on an empty file and sets user_version 10', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [m0010])).toEqual([10]);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['audit_log', 'batch', 'case_record', 'project_meta', 'questionnaire_version', 'response']);
    expect(migrate(db, [m0010])).toEqual([]);
    db.close();
  });

  it('a failing migration rolls back entirely and leaves user_version where it was', () => {
    const db = new Database(':memory:');
    migrate(db, [m0010]);
    const broken = { version: 20, name: 'broken', up: (d: Database.Database) => { d.exec('CREATE TABLE half_done (x)'); throw new Error('boom'); } };
    expect(() => migrate(db, [{ version: 10, name: 'initial', up: () => undefined }, broken])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('matches the committed schema snapshot (update it deliberately when adding a migration)', () => {
    const db = new Database(':memory:');
    migrate(db);
    const schema = (db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all() as { type: string; name: string; sql: string }[])
      .map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/[ \t]+$/gm, '')};\n`)
      .join('\n');
    db.close();
    const snapshotPath = join(__dirname, 'snapshots', 'schema.sql');
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1') writeFileSync(snapshotPath, `-- user_version ${LATEST_SCHEMA_VERSION}\n${schema}`);
    expect(`-- user_version ${LATEST_SCHEMA_VERSION}\n${schema}`).toBe(readFileSync(snapshotPath, 'utf8'));
  });
});
