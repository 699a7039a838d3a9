// Migration 80 on real project files: a version-70 file opens, every response row survives the rebuild, the table keeps its constraints.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { APPLICATION_ID, openProjectForWrite } from '../../electron/backend/db/open';
import { migrate } from '../../electron/backend/db/migrate';
import { migrations } from '../../electron/backend/db/migrations';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();

type Row = { case_pk: number; variable: string; pass: number; value: string | null; operator: string | null; updated_at: string | null };
const allRows = (db: Database.Database): Row[] => db.prepare('SELECT case_pk, variable, pass, value, operator, updated_at FROM response ORDER BY case_pk, variable, pass').all() as Row[];

/**
 * A project file as Veldwerk wrote it at schema 70 (the migrations up to 70, WAL), with 3 cases: keyed answers in
 * passes 1–3, a system-missing (NULL) value, texts with quotes and line breaks, and 200 answers of an import.
 */
function version70File(name: string): { path: string; rows: Row[] } {
  const path = join(dir, name);
  const db = new Database(path);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('foreign_keys = ON');
  expect(migrate(db, migrations.filter((m) => m.version <= 70))).toEqual([10, 20, 40, 50, 60, 70]);
  db.pragma('journal_mode = WAL');
  const at = '2026-11-30T10:00:00.000Z';
  const addCase = db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, ?, 'complete', ?, ?)");
  const add = db.prepare('INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    const k = Number(addCase.run('K1', 'keying', at, at).lastInsertRowid);
    add.run(k, 'groep', 1, '2', 'anna', at);
    add.run(k, 'groep', 2, '3', 'bert', '2026-11-30T11:00:00.000Z');
    add.run(k, 'groep', 3, '2', 'carla', '2026-11-30T12:00:00.000Z');
    add.run(k, 'functie', 1, null, 'anna', at);
    add.run(k, 'opmerking', 1, 'zei "nee",\r\nen ging', 'anna', at);
    const m = Number(addCase.run('I1', 'import', at, at).lastInsertRowid);
    for (let i = 0; i < 200; i++) add.run(m, `v${String(i).padStart(3, '0')}`, 1, String(i % 7), 'import-op', at);
    addCase.run('E1', 'example', at, at);
  })();
  const rows = allRows(db);
  db.close();
  return { path, rows };
}

describe('migration 80 (lean import rows)', () => {
  it('a version-70 file opens for writing, migrates to 80 and keeps every response row, value, operator and time', async () => {
    const { path, rows } = version70File('v70.vwk');
    expect(rows).toHaveLength(205);
    const p = await openProjectForWrite(path, 'test');
    try {
      expect(p.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(80);
      expect(allRows(p.db)).toEqual(rows);
      expect(p.db.prepare("SELECT value FROM response WHERE variable = 'opmerking'").pluck().get()).toBe('zei "nee",\r\nen ging');
      // The old table is gone and nothing is left pointing at it.
      // (response_import is migration 100's per-case store of imported answers.)
      expect(p.db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'response%' OR sql LIKE '%response_before%' ORDER BY name").pluck().all()).toEqual(['response', 'response_import']);
      expect(p.db.pragma('foreign_key_check')).toEqual([]);
      expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      p.close();
    }
  });

  it('the rebuilt table: updated_at nullable; STRICT, WITHOUT ROWID, key, CHECK and cascading foreign key kept', async () => {
    const { path } = version70File('shape.vwk');
    const p = await openProjectForWrite(path, 'test');
    try {
      const db = p.db;
      const cols = db.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info('response') ORDER BY cid").all();
      expect(cols).toEqual([
        { name: 'case_pk', type: 'INTEGER', notnull: 1, pk: 1 },
        { name: 'variable', type: 'TEXT', notnull: 1, pk: 2 },
        { name: 'pass', type: 'INTEGER', notnull: 1, pk: 3 },
        { name: 'value', type: 'TEXT', notnull: 0, pk: 0 },
        { name: 'operator', type: 'TEXT', notnull: 0, pk: 0 },
        { name: 'updated_at', type: 'TEXT', notnull: 0, pk: 0 },
      ]);
      expect(db.prepare("SELECT wr, strict FROM pragma_table_list WHERE name = 'response'").get()).toEqual({ wr: 1, strict: 1 });
      expect(db.prepare("SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('response')").all()).toEqual([{ table: 'case_record', from: 'case_pk', to: 'id', on_delete: 'CASCADE' }]);
      // Nothing of migrations 10–90 names response (the migration's rename-away order relies on it); migration 100's
      // table and view and migration 120's change-counter triggers came after it.
      expect(db.prepare("SELECT type || ' ' || name FROM sqlite_schema WHERE name <> 'response' AND sql LIKE '%response%' ORDER BY name").pluck().all()).toEqual([
        'view answer',
        ...['response_delete', 'response_import_delete', 'response_import_insert', 'response_import_update', 'response_insert', 'response_update'].map((t) => `trigger data_change_${t}`),
        'table response_import',
      ]);
      const pk = Number(db.prepare("SELECT id FROM case_record WHERE case_id = 'E1'").pluck().get());
      db.prepare("INSERT INTO response (case_pk, variable, pass, value) VALUES (?, 'groep', 1, '1')").run(pk);
      expect(db.prepare("SELECT operator, updated_at FROM response WHERE case_pk = ? AND variable = 'groep'").get(pk)).toEqual({ operator: null, updated_at: null });
      expect(() => db.prepare("INSERT INTO response (case_pk, variable, pass, value) VALUES (?, 'x', 4, '1')").run(pk)).toThrow(/CHECK constraint failed/);
      expect(() => db.prepare("INSERT INTO response (case_pk, variable, pass, value) VALUES (?, 'x', 1, x'00')").run(pk)).toThrow(/cannot store BLOB value in TEXT column/);
      expect(() => db.prepare("INSERT INTO response (case_pk, variable, pass, value) VALUES (999999, 'x', 1, '1')").run()).toThrow(/FOREIGN KEY constraint failed/);
      expect(() => db.prepare("INSERT INTO response (case_pk, variable, pass, value) VALUES (?, 'groep', 1, '2')").run(pk)).toThrow(/UNIQUE constraint failed/);
      const i1 = Number(db.prepare("SELECT id FROM case_record WHERE case_id = 'I1'").pluck().get());
      db.prepare('DELETE FROM case_record WHERE id = ?').run(i1);
      expect(db.prepare('SELECT count(*) FROM response WHERE case_pk = ?').pluck().get(i1)).toBe(0);
    } finally {
      p.close();
    }
  });
});
