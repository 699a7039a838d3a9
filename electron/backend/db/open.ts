// Opening, creating and inspecting project files (.vwk): validation first, then lock, backup, migrate.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../shared/domain/errors';
import { APP_VERSION } from '../version';
import { acquireLock, type ProjectLock } from './lock';
import { backupProject } from './backup';
import { migrate, schemaVersion, LATEST_SCHEMA_VERSION } from './migrate';

/** SQLite `application_id` of every Veldwerk project: ASCII "VWK1". */
export const APPLICATION_ID = 0x56574b31;

/** Options for loading the native SQLite binding (the packaged app passes the Electron build). */
export interface SqliteOptions {
  nativeBinding?: string;
}

let sqliteOptions: SqliteOptions = {};

/** Sets where better-sqlite3's native binding is loaded from (Electron main calls this once when packaged). */
export function configureSqlite(opts: SqliteOptions): void {
  sqliteOptions = { ...opts };
}

function newDatabase(path: string, readonly: boolean): Db {
  return new Database(path, { readonly, fileMustExist: true, ...(sqliteOptions.nativeBinding ? { nativeBinding: sqliteOptions.nativeBinding } : {}) });
}

/** What a header-and-integrity inspection found, without writing a byte to the file. */
export interface Inspection {
  path: string;
  schemaVersion: number;
}

function readHeader(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new DomainError('NOT_FOUND', `No such file: ${path}`);
    if (err.code === 'EISDIR') throw new DomainError('NOT_A_PROJECT', `Not a Veldwerk project (a folder): ${path}`);
    throw new DomainError('IO_ERROR', `Cannot read ${path}: ${err.message}`);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw new DomainError('NOT_A_PROJECT', `Not a Veldwerk project (a folder): ${path}`);
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that a file is a Veldwerk project this build can open, touching nothing: the SQLite header,
 * the application id, the page count against the file size (truncation), `PRAGMA quick_check` and the
 * schema version, all through a read-only connection.
 * @param path the .vwk file
 * @returns the path (resolved) and its schema version
 * @throws DomainError NOT_FOUND, NOT_A_PROJECT, CORRUPT_PROJECT or NEWER_VERSION
 */
export function inspectProjectFile(path: string): Inspection {
  const abs = resolve(path);
  const header = readHeader(abs);
  if (header.length < 100 || header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
    throw new DomainError('NOT_A_PROJECT', `Not a Veldwerk project (not an SQLite database): ${abs}`);
  }
  if (header.readUInt32BE(68) !== APPLICATION_ID) {
    throw new DomainError('NOT_A_PROJECT', `Not a Veldwerk project (an SQLite database of another application): ${abs}`);
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const countValid = header.readUInt32BE(92) === header.readUInt32BE(24) && pageCount > 0;
  const size = statSync(abs).size;
  if (countValid && size < pageSize * pageCount) {
    throw new DomainError('CORRUPT_PROJECT', `The project file is damaged (truncated: ${size} of ${pageSize * pageCount} bytes): ${abs}. Restore a backup from its .backups folder.`);
  }
  let db: Db | undefined;
  const hadSideFiles = sideFilesExist(abs);
  try {
    db = newDatabase(abs, true);
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new DomainError('CORRUPT_PROJECT', `The project file is damaged (${check}): ${abs}. Restore a backup from its .backups folder.`);
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new DomainError('NEWER_VERSION', `This project was saved by a newer Veldwerk (schema ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}): ${abs}. Update Veldwerk to open it.`);
    }
    return { path: abs, schemaVersion: version };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const err = e as { code?: string; message?: string };
    if (err.code === 'SQLITE_NOTADB') throw new DomainError('NOT_A_PROJECT', `Not a Veldwerk project (not an SQLite database): ${abs}`);
    throw new DomainError('CORRUPT_PROJECT', `The project file is damaged (${err.message ?? String(e)}): ${abs}. Restore a backup from its .backups folder.`);
  } finally {
    if (db) readOnlyCloser(db, abs, hadSideFiles)();
  }
}

/** An open project: its connection, where it lives, and (when writable) its lock. */
export interface ProjectDb {
  db: Db;
  path: string;
  readOnly: boolean;
  /** The backup written when it was opened (writable opens only). */
  backupPath: string | null;
  close(): void;
}

/**
 * A read-only connection to a WAL-mode file creates `-wal` and `-shm` beside it and cannot remove
 * them when it closes. Remove them again when this connection made them, they hold nothing, and
 * no writer holds the project (a writer takes the lock before it opens the file).
 */
function readOnlyCloser(db: Db, abs: string, hadSideFiles: boolean): () => void {
  return () => {
    if (db.open) db.close();
    if (hadSideFiles || existsSync(`${abs}.lock`)) return;
    try {
      if (statSync(`${abs}-wal`).size === 0) {
        rmSync(`${abs}-wal`, { force: true });
        rmSync(`${abs}-shm`, { force: true });
      }
    } catch {
      /* not there: nothing to tidy */
    }
  };
}

function sideFilesExist(abs: string): boolean {
  return existsSync(`${abs}-wal`) || existsSync(`${abs}-shm`);
}

function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
}

/**
 * Opens a project for reading only: no lock, no backup, no migration; it can run while another
 * process holds the project open for writing (WAL readers never block the writer).
 * @throws DomainError as {@link inspectProjectFile}
 */
export function openProjectReadOnly(path: string): ProjectDb {
  const { path: abs } = inspectProjectFile(path);
  const hadSideFiles = sideFilesExist(abs);
  const db = newDatabase(abs, true);
  db.pragma('busy_timeout = 5000');
  return { db, path: abs, readOnly: true, backupPath: null, close: readOnlyCloser(db, abs, hadSideFiles) };
}

/**
 * A second, read-only connection to an open project holding one read transaction: in WAL mode it reads a single
 * snapshot of the data however long it is held, while the writer goes on committing (SQLite's WAL isolation,
 * https://sqlite.org/isolation.html). Long readers such as the export use it, so a form keyed meanwhile neither
 * mixes into their file nor stops them. A project not in WAL mode (a rollback-journal file opened read-only) gets
 * its own connection back and no transaction, so no lock is held against a writer.
 * @param p the open project
 * @returns the connection and `end()`, which ends the transaction and closes the connection (safe to call twice)
 * @throws SqliteError when the file cannot be opened again
 */
export function openSnapshot(p: ProjectDb): { db: Db; end(): void } {
  if (!p.db.open || String(p.db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return { db: p.db, end: () => undefined };
  const db = newDatabase(p.path, true);
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
    // The snapshot starts with the first read, not with BEGIN.
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    db,
    end() {
      if (!db.open) return;
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

/**
 * Opens a project for writing: inspect (nothing written if it is refused), take the single-writer
 * lock, make a rotating backup with the online backup API, then apply pending migrations.
 * @param path the .vwk file
 * @param app which host opens it (for the "in use" message)
 * @throws DomainError NOT_FOUND, NOT_A_PROJECT, CORRUPT_PROJECT, NEWER_VERSION, PROJECT_IN_USE, IO_ERROR
 */
export async function openProjectForWrite(path: string, app: string): Promise<ProjectDb> {
  const { path: abs } = inspectProjectFile(path);
  const lock: ProjectLock = acquireLock(abs, app);
  let db: Db | undefined;
  try {
    db = newDatabase(abs, false);
    applyPragmas(db);
    const backupPath = await backupProject(db, abs);
    migrate(db);
    const opened = db;
    return {
      db: opened,
      path: abs,
      readOnly: false,
      backupPath,
      close() {
        if (opened.open) opened.close();
        lock.release();
      },
    };
  } catch (e) {
    db?.close();
    lock.release();
    throw e;
  }
}

/**
 * Creates a new project file: schema, application id and metadata are written to a temporary file
 * that is renamed into place, so a failed creation leaves nothing behind. Missing parent folders are made.
 * @param path where the .vwk file goes (must not exist)
 * @param title the project's title (defaults to the file name)
 * @throws DomainError ALREADY_EXISTS when a file is already there; IO_ERROR when it cannot be written
 */
export function createProjectFile(path: string, title: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) throw new DomainError('ALREADY_EXISTS', `A file already exists at ${abs}`);
  try {
    mkdirSync(dirname(abs), { recursive: true });
  } catch (e) {
    throw new DomainError('IO_ERROR', `Cannot create the folder ${dirname(abs)}: ${(e as Error).message}`);
  }
  const tmp = `${abs}.creating-${process.pid}`;
  rmSync(tmp, { force: true });
  try {
    const db = new Database(tmp, sqliteOptions.nativeBinding ? { nativeBinding: sqliteOptions.nativeBinding } : {});
    try {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma('foreign_keys = ON');
      migrate(db);
      const now = new Date().toISOString();
      const put = db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        put.run('project_id', randomUUID());
        put.run('title', title);
        put.run('created_at', now);
        put.run('created_by', APP_VERSION);
        db.prepare("INSERT INTO audit_log (at, operator, source, reason) VALUES (?, 'system', 'system', ?)").run(now, `project created: ${title}`);
      })();
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    if (existsSync(abs)) throw new DomainError('ALREADY_EXISTS', `A file already exists at ${abs}`);
    renameSync(tmp, abs);
    return abs;
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-wal`, { force: true });
    rmSync(`${tmp}-shm`, { force: true });
    if (e instanceof DomainError) throw e;
    throw new DomainError('IO_ERROR', `Cannot create the project ${abs}: ${(e as Error).message}`);
  }
}
