// Every imported case has an audit row of its own (mode, file, SHA-256, batch): the audit view filtered on its case ID shows where it came from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { createProjectFile, openProjectForWrite, type ProjectDb } from '../../electron/backend/db/open';
import { storeQuestionnaire } from '../../electron/backend/services/questionnaire';
import { importResponses } from '../../electron/backend/services/importResponses';
import { queryAudit } from '../../electron/backend/db/repos/auditRepo';
import { defaultMissing, type Questionnaire } from '../../shared/domain/questionnaire';
import { tempDir } from '../helpers/tmp';

const dir = tempDir();
let p: ProjectDb;

const q: Questionnaire = {
  id: 'a', title: 'A', version: '1', languages: ['nl'], defaultLanguage: 'nl',
  lists: [{ name: 'janee', choices: [{ code: '1', label: { nl: 'Ja' } }, { code: '2', label: { nl: 'Nee' } }] }],
  missingDefaults: defaultMissing('nl'),
  items: ['q1', 'q2'].map((name) => ({ kind: 'variable' as const, variable: { name, type: 'single' as const, listName: 'janee', label: { nl: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false } })),
};

beforeAll(async () => {
  p = await openProjectForWrite(createProjectFile(join(dir, 'a.vwk'), 'A'), 'test');
  storeQuestionnaire(p.db, q, 'test');
});
afterAll(() => p?.close());

describe('audit rows of imported cases', () => {
  it('one per case with mode, file, SHA-256 and batch; the import row lists them all', async () => {
    const file = join(dir, 'web.csv');
    writeFileSync(file, 'case_id,q1,q2\r\nW1,1,2\r\nW2,2,\r\nW3,1,1\r\n');
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    const before = Number(p.db.prepare('SELECT count(*) FROM audit_log').pluck().get());
    const r = await importResponses(p.db, { file, encoding: 'auto', onDuplicate: 'refuse' }, 'anna', false);
    expect(r.imported).toBe(3);
    expect(Number(p.db.prepare('SELECT count(*) FROM audit_log').pluck().get())).toBe(before + 4);
    const w2 = queryAudit(p.db, { caseId: 'W2', offset: 0, limit: 10 });
    expect(w2.total).toBe(1);
    const row = w2.rows[0]!;
    expect([row.source, row.operator, row.caseId, row.reason]).toEqual(['import', 'anna', 'W2', 'imported from web.csv']);
    const details = JSON.parse(String(p.db.prepare('SELECT details FROM audit_log WHERE id = ?').pluck().get(row.id))) as Record<string, unknown>;
    expect(details).toMatchObject({ kind: 'responseCase', mode: 'import', file: 'web.csv', sha256: sha });
    const batch = JSON.parse(String(p.db.prepare("SELECT details FROM audit_log WHERE source = 'import' AND case_pk IS NULL ORDER BY id DESC LIMIT 1").pluck().get())) as Record<string, unknown>;
    expect(batch).toMatchObject({ kind: 'responses', sha256: sha, caseIds: ['W1', 'W2', 'W3'], batchId: details.batchId });
  });
});
