// The shape of one numbered schema migration.
import type { Database } from 'better-sqlite3';

/**
 * One schema step. Versions are numbered by 10 (10, 20, …) and a shipped migration is never edited.
 * `up` runs inside the runner's transaction; it must not open its own.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
