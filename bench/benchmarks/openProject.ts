// Benchmark: open a project holding 100,000 cases × 100 values (with its backup) and load its case list.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createProjectFile, openProjectForWrite } from '../../electron/backend/db/open';
import { listCases } from '../../electron/backend/db/repos/projectRepo';
import type { Benchmark } from '../types';

function fill(path: string, cases: number, values: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  const addCase = db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'keying', 'complete', ?, ?)");
  const addValue = db.prepare("INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, 'bench', ?)");
  const names = Array.from({ length: values }, (_, j) => `v${String(j + 1).padStart(3, '0')}`);
  db.transaction(() => {
    for (let i = 0; i < cases; i++) {
      const pk = Number(addCase.run(String(100000 + i), now, now).lastInsertRowid);
      for (let j = 0; j < values; j++) addValue.run(pk, names[j], String((i * 31 + j * 7) % 9 + 1), now);
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export const benchmark: Benchmark = {
  name: 'open-project',
  description: 'open a project of 100,000 cases × 100 values (lock, integrity check, backup, migrate) and load its case list',
  async run({ workDir, quick }) {
    const cases = quick ? 10_000 : 100_000;
    const path = createProjectFile(join(workDir, 'big.vwk'), 'bench');
    const t0 = performance.now();
    fill(path, cases, 100);
    process.stdout.write(`  (filled ${cases} cases × 100 values in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    const open: number[] = [];
    const list: number[] = [];
    const total: number[] = [];
    for (let r = 0; r < 5; r++) {
      const a = performance.now();
      const p = await openProjectForWrite(path, 'bench');
      const b = performance.now();
      const page = listCases(p.db, 0, cases);
      const c = performance.now();
      if (page.rows.length !== cases) throw new Error(`expected ${cases} rows, got ${page.rows.length}`);
      p.close();
      open.push(b - a);
      list.push(c - b);
      total.push(c - a);
    }
    return [
      { name: `open incl. backup (${cases} cases × 100 values)`, unit: 'ms', samples: open },
      { name: `load case list (${cases} rows)`, unit: 'ms', samples: list },
      { name: 'open + load case list', unit: 'ms', samples: total },
    ];
  },
};
