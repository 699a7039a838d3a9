// Benchmark: the audit view's query (cleaning.audit) on a log of 1,000,000 entries — first and deep pages with each filter — and what migration 70's indexes cost per appended entry.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrate } from '../../electron/backend/db/migrate';
import { queryAudit, type AuditFilter } from '../../electron/backend/db/repos/auditRepo';
import type { Benchmark, Figure } from '../types';

const INSERT = 'INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

/** Appends `n` keying-shaped entries (20 operators, 300 variables, 5,000 cases, one every 2 s from 2014-01-01) in one transaction. @returns ms */
function fill(db: Database.Database, n: number, from = 0): number {
  const ins = db.prepare(INSERT);
  const t0 = Date.parse('2014-01-01T00:00:00.000Z');
  const a = performance.now();
  db.transaction(() => {
    for (let i = from; i < from + n; i++) {
      const cleaning = i % 1000 === 0;
      ins.run(new Date(t0 + i * 2000).toISOString(), `op${i % 20}`, cleaning ? 'cleaning' : 'keying', 1 + (i % 5000), `v${i % 300}`, cleaning ? '1' : null, String(i % 9), cleaning ? `read from the paper form ${i}` : null);
    }
  })();
  return performance.now() - a;
}

function open(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db);
  return db;
}

export const benchmark: Benchmark = {
  name: 'audit-query',
  description: 'cleaning.audit on 1,000,000 audit entries: a 200-row page (first and at offset 500,000) with its total, per filter; and the insert cost of the audit indexes',
  async run({ workDir, quick }) {
    const n = quick ? 100_000 : 1_000_000;
    const db = open(join(workDir, 'audit.vwk'));
    const fillMs = fill(db, n);
    process.stdout.write(`  (appended ${n} entries in ${(fillMs / 1000).toFixed(1)} s)\n`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const cases: [string, Partial<AuditFilter>][] = [
      ['no filter', {}],
      ['case', {}],
      ['variable', { variable: 'v7' }],
      ['operator', { operator: 'op3' }],
      ['source cleaning', { source: 'cleaning' }],
      ['date range (one day)', { from: '2014-01-10T00:00:00Z', to: '2014-01-11T00:00:00Z' }],
      ['text in reason', { text: 'paper form 5' }],
      ['variable + operator', { variable: 'v7', operator: 'op7' }],
    ];
    // The case filter goes through case_record: give case pk 42 a case ID.
    const now = new Date().toISOString();
    for (let pk = 1; pk <= 5000; pk++) db.prepare("INSERT INTO case_record (id, case_id, source, status, created_at, updated_at) VALUES (?, ?, 'keying', 'complete', ?, ?)").run(pk, String(100000 + pk), now, now);
    cases[1]![1] = { caseId: '100042' };
    const figures: Figure[] = [];
    for (const [name, f] of cases) {
      for (const offset of [0, Math.floor(n / 2)]) {
        const samples: number[] = [];
        let total = 0;
        for (let r = 0; r < 7; r++) {
          const a = performance.now();
          const res = queryAudit(db, { offset, limit: 200, ...f });
          samples.push(performance.now() - a);
          total = res.total;
        }
        if (offset > total) continue;
        figures.push({ name: `page at ${offset === 0 ? 'top' : `offset ${offset}`}: ${name}`, unit: 'ms', samples, note: `total ${total}` });
      }
    }
    db.close();
    // Insert cost: the same 200,000 entries appended with and without migration 70's indexes.
    const m = quick ? 50_000 : 200_000;
    const withIdx: number[] = [];
    const without: number[] = [];
    for (let r = 0; r < 3; r++) {
      const a = open(join(workDir, `ins-a-${r}.vwk`));
      withIdx.push((fill(a, m) * 1000) / m);
      a.close();
      const b = open(join(workDir, `ins-b-${r}.vwk`));
      b.exec('DROP INDEX audit_log_variable; DROP INDEX audit_log_operator; DROP INDEX audit_log_source; DROP INDEX audit_log_at;');
      without.push((fill(b, m) * 1000) / m);
      b.close();
    }
    figures.push({ name: 'append entry, with audit indexes', unit: 'µs', samples: withIdx, note: `${m} entries in one transaction` });
    figures.push({ name: 'append entry, without them', unit: 'µs', samples: without });
    return figures;
  },
};
