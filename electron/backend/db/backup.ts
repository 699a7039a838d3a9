// Rotating backups of a project: SQLite online backup into `<name>.backups/`, keeping the newest N.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Database } from 'better-sqlite3';

/** How many backups are kept per project. */
export const BACKUPS_KEPT = 10;

/** The backup folder of a project: `<dir>/<name>.backups/`. */
export function backupDirFor(projectPath: string): string {
  const name = basename(projectPath, extname(projectPath));
  return join(dirname(projectPath), `${name}.backups`);
}

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}-${p(d.getUTCMilliseconds(), 3)}`;
}

/** Lists a project's backups, oldest first (file names sort by time). */
export function listBackups(projectPath: string): string[] {
  const dir = backupDirFor(projectPath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const name = basename(projectPath, extname(projectPath));
  return names.filter((n) => n.startsWith(`${name}-`) && n.endsWith('.vwk')).sort().map((n) => join(dir, n));
}

/**
 * Writes a consistent copy of an open project with SQLite's online backup API, so content committed
 * in the WAL but not yet checkpointed is included; then deletes all but the newest `keep` backups.
 * The copy is written under a temporary name and renamed, so a crash never leaves a half backup.
 * @param db an open connection to the project (read-only or writable)
 * @param projectPath the project's path (names the folder and the file)
 * @returns the path of the new backup (`<name>-YYYYMMDD-HHMMSS-mmm.vwk`, UTC)
 * @throws the SQLite or file-system error when the copy cannot be written
 */
export async function backupProject(db: Database, projectPath: string, keep = BACKUPS_KEPT): Promise<string> {
  const dir = backupDirFor(projectPath);
  mkdirSync(dir, { recursive: true });
  const name = basename(projectPath, extname(projectPath));
  let target = join(dir, `${name}-${stamp(new Date())}.vwk`);
  for (let i = 1; listBackups(projectPath).includes(target); i++) target = join(dir, `${name}-${stamp(new Date())}-${i}.vwk`);
  // A backup killed halfway leaves a `.partial` file (never listed or restored): tidy those first.
  for (const stale of readdirSync(dir).filter((f) => f.endsWith('.partial'))) rmSync(join(dir, stale), { force: true });
  const partial = `${target}.partial`;
  await db.backup(partial);
  renameSync(partial, target);
  const all = listBackups(projectPath);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { force: true });
  return target;
}
