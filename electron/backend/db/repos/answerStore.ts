// Where a case's answers are stored: `response` rows (keying, verification, adjudication; imports before migration
// 100) and `response_import` (one JSON object per imported case, migration 100). Every reader and writer of answers
// goes through here or through the view `answer`, so the two stay one store.
import type { Database } from 'better-sqlite3';
import { cachedStatement, hasTable } from './statements';

/** One stored answer: case primary key, variable, pass (1 keyed or imported, 2 verification, 3 adjudicated), value. */
export type AnswerRow = [casePk: number, variable: string, pass: number, value: string | null];

const packed = new WeakMap<Database, boolean>();
const stmt = cachedStatement;

/**
 * Whether the project has the per-case import store (migration 100). A project opened read-only is not migrated,
 * so an older file has only `response`. Cached per connection: the schema does not change under an open project
 * except by migration, which runs before any reader.
 */
export function hasPackedAnswers(db: Database): boolean {
  let has = packed.get(db);
  if (has === undefined) {
    has = hasTable(db, 'response_import');
    // Only a positive answer is kept: a connection may be migrated after a first look.
    if (has) packed.set(db, has);
  }
  return has;
}

/** The table or view holding every stored answer as (case_pk, variable, pass, value) rows. */
export function answerSource(db: Database): 'answer' | 'response' {
  return hasPackedAnswers(db) ? 'answer' : 'response';
}

/**
 * Calls `visit` for every stored answer of the passes asked for, optionally of a list of cases and of some
 * variables only. Order: all answers held per case in `response_import` first, then the `response` rows in
 * primary-key order (case, variable, pass). Since a case's pass-1 answers are in one table only and passes 2 and 3
 * are always in `response`, a pass-3 row of a case × variable always comes after its pass-1 answer: a reader that
 * lets the last call win gets pass 3 over pass 1.
 * @param opts.passes the passes wanted (1, 2, 3)
 * @param opts.casePks only these cases (undefined = every case)
 * @param opts.variables only these variables (undefined = every variable)
 * @param visit receives (case pk, variable, pass, value); an imported answer is never null (empty answers are not stored)
 */
export function forEachAnswer(
  db: Database,
  opts: { passes: readonly (1 | 2 | 3)[]; casePks?: readonly number[] | undefined; variables?: readonly string[] | undefined },
  visit: (casePk: number, variable: string, pass: number, value: string | null) => void,
): void {
  const cases = opts.casePks !== undefined ? JSON.stringify(opts.casePks) : undefined;
  const wanted = opts.variables !== undefined ? new Set(opts.variables) : undefined;
  if (opts.passes.includes(1) && hasPackedAnswers(db)) {
    const it = db
      .prepare(`SELECT case_pk, answers FROM response_import${cases !== undefined ? ' WHERE case_pk IN (SELECT value FROM json_each(?))' : ''} ORDER BY case_pk`)
      .raw()
      .iterate(...(cases !== undefined ? [cases] : [])) as IterableIterator<[number, string]>;
    for (const [pk, json] of it) {
      const values = JSON.parse(json) as Record<string, string>;
      for (const variable in values) if (!wanted || wanted.has(variable)) visit(pk, variable, 1, values[variable]!);
    }
  }
  const where = [`pass IN (${opts.passes.map(Number).join(', ')})`];
  const params: (string | number)[] = [];
  if (cases !== undefined) {
    where.push('case_pk IN (SELECT value FROM json_each(?))');
    params.push(cases);
  }
  if (opts.variables !== undefined) {
    where.push(`variable IN (${opts.variables.map(() => '?').join(', ') || "''"})`);
    params.push(...opts.variables);
  }
  // iterate() keeps memory flat over millions of rows (all() would hold them at once).
  const it = db.prepare(`SELECT case_pk, variable, pass, value FROM response WHERE ${where.join(' AND ')} ORDER BY case_pk, variable, pass`).raw().iterate(...params) as IterableIterator<AnswerRow>;
  for (const [pk, variable, pass, value] of it) visit(pk, variable, pass, value);
}

/**
 * Stores the answers of an imported case as pass 1 in one row (the case must hold no pass-1 answers).
 * @param valuesJson a JSON object: variable name → value text (empty answers left out)
 * @throws SqliteError when the case already has a row here, or the text is not a JSON object
 */
export function storeImportedAnswers(db: Database, casePk: number, valuesJson: string): void {
  stmt(db, 'INSERT INTO response_import (case_pk, answers) VALUES (?, ?)').run(casePk, valuesJson);
}

/**
 * Moves a case's imported answers (if any) to `response` rows of pass 1, so they can be written one by one (any
 * pass-1 write: entryRepo.putAnswer calls it). Does nothing for a case without them or in a project without the store.
 * Call inside the transaction of the write that needs it.
 * @returns the number of answers moved
 */
export function unpackCase(db: Database, casePk: number): number {
  if (!hasPackedAnswers(db)) return 0;
  const row = stmt(db, 'DELETE FROM response_import WHERE case_pk = ? RETURNING answers').pluck().get(casePk) as string | undefined;
  if (row === undefined) return 0;
  return stmt(db, 'INSERT INTO response (case_pk, variable, pass, value) SELECT ?, key, 1, value FROM json_each(?)').run(casePk, row).changes;
}

/** Deletes every stored answer of a case, of every pass and both tables. */
export function dropAnswers(db: Database, casePk: number): void {
  stmt(db, 'DELETE FROM response WHERE case_pk = ?').run(casePk);
  if (hasPackedAnswers(db)) stmt(db, 'DELETE FROM response_import WHERE case_pk = ?').run(casePk);
}

/** Whether any case holds an answer for this variable (any pass). */
export function variableStored(db: Database, variable: string): boolean {
  if (db.prepare('SELECT 1 FROM response WHERE variable = ? LIMIT 1').get(variable) !== undefined) return true;
  return hasPackedAnswers(db) && db.prepare("SELECT 1 FROM response_import WHERE json_type(answers, '$.' || json_quote(?)) IS NOT NULL LIMIT 1").get(variable) !== undefined;
}
