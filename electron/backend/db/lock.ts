// Single-writer lock for a project file: `<project>.lock` beside it, naming who holds it and since when.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { DomainError } from '../../../shared/domain/errors';

/** Who holds a project open for writing. */
export interface LockOwner {
  pid: number;
  host: string;
  user: string;
  /** Which host of the backend: 'app', 'http-host', 'cli', 'test', … */
  app: string;
  /** ISO 8601 time the lock was taken. */
  since: string;
}

/** A held lock; `release()` is idempotent and removes the file only if it is still ours. */
export interface ProjectLock {
  path: string;
  owner: LockOwner;
  release(): void;
}

/** The lock file's path for a project file. */
export function lockPathFor(projectPath: string): string {
  return `${projectPath}.lock`;
}

function readOwner(lockPath: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, user: String(parsed.user ?? '?'), app: String(parsed.app ?? '?'), since: String(parsed.since ?? '?') };
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads who holds the lock, or null when the project is free (or the lock is stale). */
export function currentLockOwner(projectPath: string): LockOwner | null {
  const owner = readOwner(lockPathFor(projectPath));
  if (!owner) return null;
  if (owner.host === hostname() && !processAlive(owner.pid)) return null;
  return owner;
}

/** Formats a lock owner for the "project is in use" message. */
export function describeOwner(o: LockOwner): string {
  const app = { app: 'the Veldwerk app', 'http-host': 'the Veldwerk web host', cli: 'the Veldwerk command line' }[o.app] ?? `Veldwerk (${o.app})`;
  return `${app}, user ${o.user} on ${o.host}, process ${o.pid}, since ${o.since}`;
}

/**
 * Takes the single-writer lock of a project. A lock left by a process that no longer runs on this
 * machine is stale and taken over; a lock from another machine (shared folder) is always respected.
 * @param projectPath the .vwk file
 * @param app which host takes it ('app', 'http-host', 'cli', …)
 * @throws DomainError PROJECT_IN_USE naming the holder; IO_ERROR when the folder is not writable
 */
export function acquireLock(projectPath: string, app: string): ProjectLock {
  const lockPath = lockPathFor(projectPath);
  const owner: LockOwner = { pid: process.pid, host: hostname(), user: safeUser(), app, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code !== 'EEXIST') throw new DomainError('IO_ERROR', `Cannot create the lock file ${lockPath}: ${err.message}`);
      const holder = currentLockOwner(projectPath);
      if (holder) throw new DomainError('PROJECT_IN_USE', `Project is in use (by ${describeOwner(holder)}): ${projectPath}`);
      try {
        unlinkSync(lockPath); // stale: its process is gone
      } catch {
        /* another process may have removed it first; retry */
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      path: lockPath,
      owner,
      release() {
        if (released) return;
        released = true;
        const now = readOwner(lockPath);
        if (now && now.pid === owner.pid && now.since === owner.since && now.host === owner.host) {
          try {
            unlinkSync(lockPath);
          } catch {
            /* already gone */
          }
        }
      },
    };
  }
  throw new DomainError('PROJECT_IN_USE', `Project is in use and its lock could not be taken: ${projectPath}`);
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
