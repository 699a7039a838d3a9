// The migration runner: applies pending migrations, each in one transaction, tracked by PRAGMA user_version.
import type { Database } from 'better-sqlite3';
import { DomainError } from '../../../shared/domain/errors';
import type { Migration } from './migrations/types';
import { migrations as allMigrations, LATEST_SCHEMA_VERSION } from './migrations';

/** Reads `PRAGMA user_version` (0 for a file no migration has touched). */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to the newest version this build knows.
 * Each pending migration runs in its own transaction together with the `user_version` bump,
 * so a failure leaves the file at the last completed step.
 * @param db an open, writable connection
 * @param migrations the ordered steps (defaults to the app's list; tests pass their own)
 * @returns the versions applied, in order (empty when already current)
 * @throws DomainError NEWER_VERSION when the file was written by a newer Veldwerk
 */
export function migrate(db: Database, migrations: readonly Migration[] = allMigrations): number[] {
  const latest = migrations.length > 0 ? migrations[migrations.length - 1]!.version : 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new DomainError(
      'NEWER_VERSION',
      `This project was saved by a newer Veldwerk (schema ${current}; this version reads up to ${latest}). Update Veldwerk to open it.`,
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}

export { LATEST_SCHEMA_VERSION };
