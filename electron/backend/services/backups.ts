// Backups service: list a project's backups and restore one (checked, lock-respecting, replaced project kept, atomic rename).
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { BackupEntry, RestoreResult } from '../../../shared/contract/security';
import { DomainError } from '../../../shared/domain/errors';
import { backupDirFor, backupProject, listBackups } from '../db/backup';
import { acquireLock } from '../db/lock';
import { inspectProjectFile, openProjectReadOnly, type ProjectDb } from '../db/open';
import type { HandlerPart } from '../handlerTypes';
import { closeSessionProject, requireProject, type Session } from './project';
import { projectHandlers } from './project';

/** What {@link restoreProjectFile} did. */
export interface RestoredFile {
  path: string;
  restoredFrom: string;
  replacedKeptAt: string | null;
  schemaVersion: number;
}

const STAMP = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})(?:-\d+)?\.vwk$/;

/**
 * Lists the backups of a project, newest first, with the time read from the file name.
 * @param projectPath the .vwk file (it need not exist: the backups of a lost project are still listed)
 * @returns one entry per `<name>-YYYYMMDD-HHMMSS-mmm.vwk` in `<name>.backups/`; [] when there is none
 */
export function listProjectBackups(projectPath: string): BackupEntry[] {
  const out: BackupEntry[] = [];
  for (const path of listBackups(resolve(projectPath)).reverse()) {
    let sizeBytes: number;
    try {
      sizeBytes = statSync(path).size;
    } catch {
      continue; // removed by a rotation in between
    }
    const m = STAMP.exec(path);
    const createdAt = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z` : null;
    out.push({ path, name: basename(path), createdAt, sizeBytes });
  }
  return out;
}

function stampNow(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').replace('.', '-').replace('Z', '');
}

function removeSideFiles(path: string): void {
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on every platform (Windows): the rename is still atomic */
  }
}

/** Copies an open backup to `tmp` with the online backup API (so a `-wal` beside the backup is included) and syncs it. */
async function copyBackupTo(src: ProjectDb, tmp: string): Promise<void> {
  await src.db.backup(tmp);
  removeSideFiles(tmp);
  fsyncFile(tmp);
}

/**
 * Keeps the project about to be replaced. A readable project is copied with the online backup API into
 * its backups folder (a regular, rotated backup; committed `-wal` content included); a damaged one is copied byte for byte (with its `-wal`) as `<name>-replaced-<time>.vwk.damaged`, which
 * the rotation never deletes.
 */
async function keepReplaced(targetAbs: string): Promise<string> {
  let readable = true;
  try {
    inspectProjectFile(targetAbs);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    readable = false;
  }
  if (readable) {
    const p = openProjectReadOnly(targetAbs);
    try {
      return await backupProject(p.db, targetAbs);
    } finally {
      p.close();
    }
  }
  const dir = backupDirFor(targetAbs);
  mkdirSync(dir, { recursive: true });
  const kept = join(dir, `${basename(targetAbs, extname(targetAbs))}-replaced-${stampNow()}.vwk.damaged`);
  copyFileSync(targetAbs, kept);
  for (const side of ['-wal', '-shm']) if (existsSync(`${targetAbs}${side}`)) copyFileSync(`${targetAbs}${side}`, `${kept}${side}`);
  return kept;
}

/**
 * Restores a backup onto a project path. Order: check the backup ({@link inspectProjectFile}); take the
 * target's single-writer lock (refused when another process has it open); copy the backup to a
 * temporary file beside the target; keep the project being replaced (as a backup); remove its `-wal`
 * and `-shm`; rename the temporary file into place. A crash at any step leaves either the old or the
 * restored project under the final name, never a mix.
 * @param backupPath the backup file (any checked Veldwerk project file)
 * @param projectPath the project to replace or create; an existing file that is neither a `.vwk` nor a
 *   Veldwerk project is never overwritten
 * @param app which host restores ('cli', 'app', …), shown to a process that finds the lock
 * @throws DomainError NOT_FOUND / NOT_A_PROJECT / CORRUPT_PROJECT / NEWER_VERSION for the backup,
 *   PROJECT_IN_USE when the target is open for writing, ALREADY_EXISTS when the target is another kind
 *   of file or the backup itself, IO_ERROR when the files cannot be written
 */
export async function restoreProjectFile(backupPath: string, projectPath: string, app: string): Promise<RestoredFile> {
  const backup = inspectProjectFile(backupPath);
  const target = resolve(projectPath);
  if (target === backup.path) throw new DomainError('ALREADY_EXISTS', `The backup and the project are the same file: ${target}`);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new DomainError('ALREADY_EXISTS', `A folder is in the way: ${target}`);
    if (!/\.vwk$/i.test(target)) {
      try {
        inspectProjectFile(target);
      } catch (e) {
        if (e instanceof DomainError && e.code === 'NOT_A_PROJECT') {
          throw new DomainError('ALREADY_EXISTS', `Refusing to overwrite a file that is not a Veldwerk project: ${target}`);
        }
        if (!(e instanceof DomainError)) throw e;
      }
    }
  }
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (e) {
    throw new DomainError('IO_ERROR', `Cannot create the folder ${dirname(target)}: ${(e as Error).message}`);
  }
  const lock = acquireLock(target, app);
  const tmp = `${target}.restoring-${process.pid}`;
  try {
    rmSync(tmp, { force: true });
    removeSideFiles(tmp);
    const src = openProjectReadOnly(backup.path);
    try {
      await copyBackupTo(src, tmp);
    } finally {
      src.close(); // before the rotation below, which may delete this very backup
    }
    const restored = inspectProjectFile(tmp);
    const replacedKeptAt = existsSync(target) ? await keepReplaced(target) : null;
    removeSideFiles(target); // the replaced project's WAL must never meet the restored file
    renameSync(tmp, target);
    fsyncDir(dirname(target));
    return { path: target, restoredFrom: backup.path, replacedKeptAt, schemaVersion: restored.schemaVersion };
  } catch (e) {
    rmSync(tmp, { force: true });
    removeSideFiles(tmp);
    if (e instanceof DomainError) throw e;
    throw new DomainError('IO_ERROR', `Cannot restore ${backup.path} to ${target}: ${(e as Error).message}`);
  } finally {
    lock.release();
  }
}

function targetOf(session: Session, path: string | undefined): string {
  return path !== undefined ? resolve(path) : requireProject(session).path;
}

/** Handlers of the backup channels (`shared/contract/security.ts`). */
export const backupHandlers = {
  'project.listBackups': ({ path }, { session }) => listProjectBackups(targetOf(session, path)),
  'project.restoreBackup': async ({ backup, path }, ctx): Promise<RestoreResult> => {
    const { session } = ctx;
    const target = targetOf(session, path);
    const wasOpen = session.project?.path === target;
    if (wasOpen) closeSessionProject(session);
    let done: RestoredFile;
    try {
      done = await restoreProjectFile(backup, target, session.hostLabel);
    } catch (e) {
      if (wasOpen) await projectHandlers['project.open']({ path: target }, ctx).catch(() => undefined);
      throw e;
    }
    if (wasOpen) await projectHandlers['project.open']({ path: target }, ctx);
    return { ...done, reopened: wasOpen };
  },
} satisfies HandlerPart<'project.listBackups' | 'project.restoreBackup'>;
