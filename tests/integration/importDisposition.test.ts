// The AAPOR disposition of imported sample cases: graded by the share of required on-route questions answered, as a keyed form is when finished.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { importResponses } from '../../electron/backend/services/importResponses';
import { excludeCase, includeCase } from '../../electron/backend/services/cleaning';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../../shared/domain/questionnaire';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
let p: ProjectDb;

/** Ten required yes/no questions q01–q10; q05 is asked only after q04 = 1 (yes). */
function questionnaire(): Questionnaire {
  const items: Item[] = Array.from({ length: 10 }, (_, i) => {
    const name = `q${String(i + 1).padStart(2, '0')}`;
    const v: Variable = { name, type: 'single', listName: 'janee', label: { nl: `Vraag ${i + 1}` }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false };
    if (name === 'q05') v.relevant = "${q04} = '1'";
    return { kind: 'variable', variable: v };
  });
  return {
    id: 'grade', title: 'Grade', version: '1', languages: ['nl'], defaultLanguage: 'nl',
    lists: [{ name: 'janee', choices: [{ code: '1', label: { nl: 'Ja' } }, { code: '2', label: { nl: 'Nee' } }] }],
    missingDefaults: defaultMissing('nl'),
    items,
  };
}

/** A CSV line: case ID, finished flag, then q01–q10 ('' = not answered). */
const row = (id: string, finished: string, answers: string[]): string => [id, finished, ...Array.from({ length: 10 }, (_, i) => answers[i] ?? '')].join(',');

beforeAll(async () => {
  p = await openProjectForWrite(createProjectFile(join(dir, 'grade.vwk'), 'Grade'), 'test');
  storeQuestionnaire(p.db, questionnaire(), 'test');
  const at = '2026-11-01T09:00:00.000Z';
  const imp = Number(p.db.prepare("INSERT INTO sample_import (file, rows, sha256, options, operator, imported_at) VALUES ('frame.csv', 6, 'x', '{}', 'test', ?)").run(at).lastInsertRowid);
  const add = p.db.prepare("INSERT INTO sample_case (case_id, import_id, frame_row, strata, disposition, disposition_at, disposition_by) VALUES (?, ?, ?, '{}', ?, ?, 'test')");
  [['S1', '3.19'], ['S2', '3.19'], ['S3', '3.19'], ['S4', '3.19'], ['S5', '4.70'], ['S6', '2.11']].forEach(([id, code], i) => add.run(id, imp, i + 2, code, at));
});
afterAll(() => p?.close());

const grade = (id: string): { disposition: string; history: [string | null, string, string, string | null][] } => ({
  disposition: String(p.db.prepare('SELECT disposition FROM sample_case WHERE case_id = ?').pluck().get(id)),
  history: (p.db.prepare('SELECT h.old_code, h.new_code, h.source, h.reason FROM disposition_history h JOIN sample_case s ON s.id = h.sample_case_id WHERE s.case_id = ? ORDER BY h.id').raw().all(id) as [string | null, string, string, string | null][]),
});

describe('imported sample cases get the graded disposition', () => {
  it('1.1 / 1.2 / 2.12 by required on-route answers (80 % and 50 %), complete or not; 4.x left alone; cases outside the sample untouched', async () => {
    const f = join(dir, 'web.csv');
    const lines = [
      `case_id,finished,${Array.from({ length: 10 }, (_, i) => `q${String(i + 1).padStart(2, '0')}`).join(',')}`,
      row('S1', '1', ['1', '2', '1', '1', '2', '1', '2', '1', '2', '1']), // 10 of 10, finished
      row('S2', '1', ['1', '2', '1', '1', '2', '1', '2']), // 7 of 10, marked finished by the tool
      row('S3', '0', ['1', '2', '1', '2']), // q05 off route: 4 of 9
      row('S4', '0', ['1', '2', '1', '1', '2', '1', '2', '1']), // 8 of 10, not finished
      row('S5', '1', ['1']), // not eligible (4.70): stays
      row('S6', '1', ['1', '1', '1', '2', '', '1', '1', '1', '1', '1']), // q05 off route: 9 of 9, over a refusal 2.11
      row('N1', '1', ['1']), // not in the sample
    ];
    writeFileSync(f, `${lines.join('\n')}\n`);
    const r = await importResponses(p.db, { file: f, encoding: 'auto', onDuplicate: 'refuse' }, 'Els', false);
    expect(r).toMatchObject({ imported: 7, complete: 5 });
    const imported = 'import';
    expect(grade('S1')).toEqual({ disposition: '1.1', history: [['3.19', '1.1', imported, 'form complete']] });
    expect(grade('S2')).toEqual({ disposition: '1.2', history: [['3.19', '1.1', imported, 'form complete'], ['1.1', '1.2', imported, 'form imported: 7 of 10 required questions answered']] });
    expect(grade('S3')).toEqual({ disposition: '2.12', history: [['3.19', '2.12', imported, 'form imported: 4 of 9 required questions answered']] });
    expect(grade('S4')).toEqual({ disposition: '1.1', history: [['3.19', '1.1', imported, 'form imported: 8 of 10 required questions answered']] });
    expect(grade('S5')).toEqual({ disposition: '4.70', history: [] });
    expect(grade('S6')).toEqual({ disposition: '1.1', history: [['2.11', '1.1', imported, 'form complete']] });
    expect(p.db.prepare("SELECT case_id, status FROM case_record WHERE case_id IN ('S2', 'S3', 'S4') ORDER BY case_id").raw().all()).toEqual([['S2', 'complete'], ['S3', 'open'], ['S4', 'open']]);
    expect(p.db.prepare("SELECT count(*) FROM sample_case WHERE case_id = 'N1'").pluck().get()).toBe(0);
  });

  it('a replacing import grades the case again from its new answers', async () => {
    const f = join(dir, 'web2.csv');
    writeFileSync(f, `case_id,finished,q01,q02,q03,q04,q05,q06,q07,q08,q09,q10\n${row('S2', '1', ['1', '2', '1', '1', '2', '1', '2', '1', '2', '1'])}\n${row('S1', '1', ['1', '2', '1', '1', '2', '1'])}\n`);
    expect(await importResponses(p.db, { file: f, encoding: 'auto', onDuplicate: 'replace' }, 'Els', false)).toMatchObject({ replaced: 2 });
    expect(grade('S2').disposition).toBe('1.1');
    expect(grade('S2').history.at(-1)).toEqual(['1.2', '1.1', 'import', 'form imported: 10 of 10 required questions answered']);
    expect(grade('S1')).toMatchObject({ disposition: '1.2', history: [['3.19', '1.1', 'import', 'form complete'], ['1.1', '1.2', 'import', 'form imported: 6 of 10 required questions answered']] });
  });

  it('an imported break-off keeps 2.12 after its exclusion is reversed (the status trigger would make it 1.1)', async () => {
    const f = join(dir, 'web3.csv');
    writeFileSync(f, `case_id,finished,q01,q02,q03,q04,q05,q06,q07,q08,q09,q10\n${row('S6', '1', ['1', '1', '1', '2'])}\n`);
    expect(await importResponses(p.db, { file: f, encoding: 'auto', onDuplicate: 'replace' }, 'Els', false)).toMatchObject({ replaced: 1 });
    expect(grade('S6').history.at(-1)).toEqual(['1.1', '2.12', 'import', 'form imported: 4 of 9 required questions answered']);
    excludeCase(p.db, { caseId: 'S6', reasonCode: 'testForm', reason: 'test', operator: 'Els' });
    includeCase(p.db, { caseId: 'S6', reason: 'after all', operator: 'Els' });
    expect(grade('S6').history.slice(-2).map((h) => [h[0], h[1]])).toEqual([['2.12', '1.1'], ['1.1', '2.12']]);
    expect(grade('S6').disposition).toBe('2.12');
  });
});
