// Prepared statements kept per connection, for repos whose statements run on hot paths (keying commits, imports).
import type { Database, Statement } from 'better-sqlite3';

const cache = new WeakMap<Database, Map<string, Statement>>();

/**
 * The statement for `sql` on this connection, prepared on first use and kept while the connection lives (a
 * WeakMap: a closed project's statements go with it). Preparing costs tens of microseconds; a keying commit must
 * stay under 2 ms and an import runs the same few statements 100,000 times.
 * @throws SqliteError when `sql` does not compile
 */
export function cachedStatement(db: Database, sql: string): Statement {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  let s = m.get(sql);
  if (!s) {
    s = db.prepare(sql);
    m.set(sql, s);
  }
  return s;
}

/**
 * Whether the project file has this table. A project opened read-only is not migrated, so an older file may lack
 * the tables of later migrations; readers check before they query.
 */
export function hasTable(db: Database, name: string): boolean {
  return cachedStatement(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
