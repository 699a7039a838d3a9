// Test helper: a project's row counts per table and a checksum of every row, to prove a call changed nothing.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { createHash } from 'node:crypto';

/** Row counts per table and one SHA-256 over all rows of all tables (tables and rows in a fixed order). */
export interface ProjectDigest {
  counts: Record<string, number>;
  sha256: string;
}

/**
 * Digests an open connection: every table of `sqlite_master` (SQLite's own tables excluded), its rows
 * sorted by all columns, hashed as JSON (BLOBs as hex).
 */
export function digestDb(db: Db): ProjectDigest {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => `"${c.name.replace(/"/g, '""')}"`);
    const rows = db.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}" ORDER BY ${cols.join(', ')}`).raw().all() as unknown[][];
    counts[t] = rows.length;
    hash.update(`${t}\n`);
    for (const r of rows) hash.update(`${JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? v.toString() : v))}\n`);
  }
  return { counts, sha256: hash.digest('hex') };
}

/** Digests a project file through its own read-only connection (works while a writer has it open). */
export function digestFile(path: string): ProjectDigest {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return digestDb(db);
  } finally {
    db.close();
  }
}
