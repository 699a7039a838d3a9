// Child process for crash tests: opens a project like the app and writes until killed (run with `node --import tsx`).
// argv: <project.vwk> <mode>. Modes:
//   import   one long transaction of keyed cases and responses; prints "IN-TRANSACTION <rows>" once pages spill to the WAL
//   backup   an online backup of the project in a loop; prints "BACKING-UP" before the first one
//   responses <file.csv>  the real response import (one transaction); prints "IMPORTING" before it, "DONE" after
import { openProjectForWrite } from '../../electron/backend/db/open';
import { backupProject } from '../../electron/backend/db/backup';
import { importResponses } from '../../electron/backend/services/importResponses';

const [path, mode, file] = process.argv.slice(2);
if (!path || !mode) throw new Error('usage: crashWriter <project.vwk> <import|backup|responses> [file]');
const p = await openProjectForWrite(path, 'test');

if (mode === 'import') {
  p.db.pragma('cache_size = 50'); // a small page cache: the open transaction spills pages into the WAL
  const now = new Date().toISOString();
  const addCase = p.db.prepare("INSERT INTO case_record (case_id, source, status, created_at, updated_at) VALUES (?, 'import', 'complete', ?, ?)");
  const addResponse = p.db.prepare('INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, 1, ?, ?, ?)');
  p.db.exec('BEGIN IMMEDIATE');
  let rows = 0;
  for (let c = 1; c <= 10_000_000; c++) {
    const pk = Number(addCase.run(`K${String(c).padStart(8, '0')}`, now, now).lastInsertRowid);
    for (let v = 1; v <= 40; v++) addResponse.run(pk, `variable_${v}`, String((c * v) % 97), 'crash', now);
    rows += 41;
    if (c === 500) process.stdout.write(`IN-TRANSACTION ${rows}\n`);
    if (c > 500 && c % 50 === 0) await new Promise((r) => setTimeout(r, 1)); // keep writing, slowly, until killed
  }
  p.db.exec('COMMIT');
} else if (mode === 'backup') {
  process.stdout.write('BACKING-UP\n');
  for (;;) await backupProject(p.db, path, 1000);
} else if (mode === 'responses' && file) {
  p.db.pragma('cache_size = 50'); // the import's transaction spills into the WAL as it goes
  process.stdout.write('IMPORTING\n');
  const r = await importResponses(p.db, { file, encoding: 'auto', onDuplicate: 'refuse' }, 'crash', false);
  process.stdout.write(`DONE ${r.imported}\n`);
  p.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
