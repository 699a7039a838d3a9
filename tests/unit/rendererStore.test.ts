// Renderer store slices over a fake transport: project open/close, errors from ApiError, case paging.
import { beforeEach, describe, expect, it } from 'vitest';
import { setTransport } from '../../renderer/api/client';
import type { Transport } from '../../renderer/api/transport';
import { createAppStore } from '../../renderer/stores';
import { CASE_PAGE_SIZE } from '../../renderer/stores/caseListSlice';
import { selectCounts } from '../../renderer/stores/selectors';
import { fail, ok, type Result } from '../../shared/contract/result';

const info = {
  path: '/p/a.vwk',
  projectId: 'x',
  title: 'A',
  schemaVersion: 20,
  appVersion: '0.1.0',
  createdWith: '0.1.0',
  createdAt: '2014-01-01T00:00:00Z',
  questionnaireVersion: null,
  counts: { total: 120, complete: 60, verified: 30, excluded: 30, keyedPaper: 40 },
  backupDir: '/p/a.backups',
  readOnly: false,
};

let calls: [string, unknown][] = [];

function use(answer: (channel: string, input: unknown) => Result<unknown>): void {
  calls = [];
  const t: Transport = {
    kind: 'ipc',
    async call(channel, input) {
      calls.push([channel, input]);
      return answer(channel, input);
    },
  };
  setTransport(t);
}

beforeEach(() => use(() => fail('INTERNAL', 'unexpected')));

describe('project slice', () => {
  it('opens a project, resets the area and exposes its counts', async () => {
    use((ch) => (ch === 'project.open' ? ok(info) : fail('INTERNAL', ch)));
    const store = createAppStore();
    store.getState().setArea('export');
    expect(await store.getState().openProject('/p/a.vwk')).toBe(true);
    expect(store.getState().project?.title).toBe('A');
    expect(store.getState().area).toBe('questionnaire');
    expect(selectCounts(store.getState()).total).toBe(120);
    expect(store.getState().busy).toBe(false);
  });

  it('keeps the error of a failed action for display and stays on the start screen', async () => {
    use(() => fail('PROJECT_IN_USE', 'in use by http-host'));
    const store = createAppStore();
    expect(await store.getState().openProject('/p/a.vwk')).toBe(false);
    expect(store.getState().project).toBeNull();
    expect(store.getState().error).toEqual({ code: 'PROJECT_IN_USE', message: 'in use by http-host', channel: 'project.open', seq: expect.any(Number) as number });
  });

  it('closes the project and reloads the recent list', async () => {
    use((ch) => (ch === 'project.open' ? ok(info) : ch === 'project.close' ? ok({ closed: true }) : ch === 'project.recent' ? ok([]) : fail('INTERNAL', ch)));
    const store = createAppStore();
    await store.getState().openProject('/p/a.vwk');
    await store.getState().closeProject();
    expect(store.getState().project).toBeNull();
    expect(calls.map((c) => c[0])).toEqual(['project.open', 'project.close', 'project.recent']);
  });
});

describe('case-list slice', () => {
  it('loads one page at a time and never a negative offset', async () => {
    use((ch, input) => {
      const { offset } = input as { offset: number };
      return ch === 'case.list' ? ok({ total: 120, rows: [{ id: offset + 1, caseId: `C${offset + 1}`, status: 'open', batch: null, updatedAt: 'x' }] }) : fail('INTERNAL', ch);
    });
    const store = createAppStore();
    await store.getState().loadCases(-10);
    expect(calls[0]).toEqual(['case.list', { offset: 0, limit: CASE_PAGE_SIZE }]);
    await store.getState().loadCases(CASE_PAGE_SIZE);
    expect(store.getState().cases?.offset).toBe(CASE_PAGE_SIZE);
    expect(store.getState().cases?.total).toBe(120);
  });
});
