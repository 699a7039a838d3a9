// Contract tests: every channel has a handler, malformed input is INVALID_INPUT, outputs match their schemas and survive JSON.
import { describe, expect, it, afterAll } from 'vitest';
import { join, resolve } from 'node:path';
import { backendApi, backendChannelNames, channelNames, hostChannelNames, type BackendChannel } from '../../shared/contract/api';
import { createHandlers } from '../../electron/backend/handlers';
import { createBackend } from '../../electron/backend/backend';
import { tempDir } from '../helpers/tmp';
import { createProjectFile } from '../../electron/backend/db/open';
import { writeFileSync } from 'node:fs';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { POPULATION_CSV, seedMonitorResponses } from '../integration/weightingFixture';

const dir = tempDir();
const backend = createBackend({ appDataDir: join(dir, 'appdata'), hostLabel: 'test' });
afterAll(() => backend.close());
// A project file to restore from (project.restoreBackup takes any checked project file as its backup).
const restoreSource = createProjectFile(join(dir, 'restore-source.vwk'), 'Restore source');

// A small sample frame for the fieldwork channels (valid against the monitor questionnaire's `groep` codes).
const fid = (n: number) => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
const framePath = join(dir, 'frame.csv');
writeFileSync(framePath, `case_id,groep,selection_probability,naam\n${[1, 2, 3, 4].map((n) => `${fid(n)},${1 + (n % 2)},0.5,Persoon ${n}`).join('\n')}\n`);

// The Monitor form as the builder would send it back unchanged (questionnaire.save keeps the project's form as it is).
const monitorForm = (await checkXlsform(resolve(__dirname, '../../../shared/monitor'))).questionnaire;

let seededForWeighting = false;

// A small web-survey export for the import channels (case IDs not used by the other channels).
const responsesPath = join(dir, 'responses.csv');
writeFileSync(responsesPath, 'case_id,toestemming,groep\nWEB-1,Ja,2\nWEB-2,2,\n');

/** A valid input for every channel, run in this order against one backend. */
const validInputs: { [C in BackendChannel]: unknown } = {
  'app.info': {},
  'project.create': { path: join(dir, 'contract.vwk'), title: 'Contract' },
  'project.current': {},
  'project.recent': {},
  'project.listBackups': {},
  'project.restoreBackup': { backup: restoreSource, path: join(dir, 'restored.vwk') },
  'case.list': { offset: 0, limit: 10 },
  'questionnaire.get': {},
  'questionnaire.importXlsform': { path: resolve(__dirname, '../../../shared/monitor') },
  'questionnaire.save': { questionnaire: monitorForm },
  'questionnaire.diff': { otherPath: resolve(__dirname, '../../../shared/monitor') },
  'questionnaire.exportXlsform': { path: join(dir, 'exported-form.xlsx') },
  'export.run': { path: join(dir, 'contract-export.xlsx'), csv: { path: join(dir, 'contract-export.csv'), locale: 'nl' }, sps: { path: join(dir, 'contract-export.sps') } },
  'export.options': {},
  'export.start': { path: join(dir, 'contract-export-job.xlsx'), sheets: ['data', 'info'], statuses: ['complete', 'verified'] },
  'export.status': {},
  'export.cancel': {},
  'export.saveProfile': { profile: { name: 'Rapport', sheets: ['data', 'labels', 'info'], weight: null, filter: { variable: 'groep', codes: ['1'] } }, operator: 'tester' },
  'export.listProfiles': {},
  'export.deleteProfile': { name: 'rapport' },
  'sample.getIdFormat': {},
  'sample.setIdFormat': { format: { prefix: '', bodyDigits: 6, scheme: 'damm' }, operator: 'tester' },
  'sample.dryRun': { file: framePath },
  'sample.importFrame': { file: framePath, operator: 'tester' },
  'sample.list': {},
  'sample.checkId': { caseId: fid(1) },
  'sample.idLabels': {},
  'disposition.codes': {},
  'disposition.set': { caseIds: [fid(2)], code: '3.31', operator: 'tester', reason: 'returned undeliverable' },
  'disposition.history': { caseId: fid(2) },
  'batch.register': { number: 'B1', receivedOn: '2014-03-01', expectedForms: 20, operator: 'tester', caseIds: [fid(1)] },
  'batch.addForms': { number: 'B1', caseIds: [fid(3)], operator: 'tester' },
  'batch.list': {},
  'batch.setStatus': { number: 'B1', status: 'keying', operator: 'tester' },
  'batch.reconcile': { number: 'B1' },
  'fieldwork.report': {},
  'fieldwork.exportReport': { path: join(dir, 'fieldwork-report.xlsx') },
  'sample.exportList': { path: join(dir, 'sample-list.xlsx'), operator: 'tester' },
  'entry.openCase': { operator: 'tester', caseId: fid(1), batch: 'B1', receivedOn: '2014-03-02' },
  'entry.saveField': { operator: 'tester', caseId: fid(1), variable: 'toestemming', value: '1' },
  'entry.confirmWarning': { operator: 'tester', caseId: fid(1), variable: 'toestemming' },
  'entry.finishCase': { operator: 'tester', caseId: fid(1) },
  'verification.getSettings': {},
  'verification.setSettings': { settings: { mode: 'all', firstForms: 20, rate: 0.1, threshold: 5 }, operator: 'tester' },
  'verification.queue': {},
  'verification.differences': {},
  // Resolving needs a difference: a second operator re-keys form 1 blind first (queued by the backend ahead of this call).
  get 'verification.resolve'() {
    void backend.dispatch('entry.openCase', { operator: 'verifier', caseId: fid(1), pass: 2 });
    void backend.dispatch('entry.saveField', { operator: 'verifier', caseId: fid(1), pass: 2, variable: 'toestemming', value: '2' });
    void backend.dispatch('entry.finishCase', { operator: 'verifier', caseId: fid(1), pass: 2 });
    return { operator: 'tester', caseId: fid(1), variable: 'toestemming', choice: 'A', reason: 'paper says 1' };
  },
  'verification.stats': {},
  'verification.exportStats': { path: join(dir, 'invoerders.xlsx') },
  // Weighting: the first input seeds 600 synthetic Monitor responses into the open contract project (a getter, so it runs
  // in channel order, after the questionnaire import), then a scheme is saved, run and used for estimates.
  get 'weighting.targetsFromFile'() {
    if (backend.session.project && !seededForWeighting) seededForWeighting = !!seedMonitorResponses(backend.session.project.db);
    return { path: POPULATION_CSV };
  },
  'weighting.saveScheme': {
    scheme: { name: 'contract', group: { variable: 'groep', codes: [2] }, method: 'rake', weightVariable: 'w_contract', margins: [
      { variables: ['laag', 'geslacht'], categories: [[1, 1, 84660], [1, 2, 81340], [2, 1, 6600], [2, 2, 5400], [3, 1, 69620], [3, 2, 48380], [4, 1, 7811], [4, 2, 2889]].map(([a, b, n]) => ({ codes: [a!, b!], value: n! })) },
    ] },
    operator: 'tester',
  },
  'weighting.listSchemes': {},
  'weighting.getScheme': { name: 'contract' },
  'weighting.run': { name: 'contract', operator: 'tester' },
  'weighting.result': { name: 'contract' },
  'weighting.estimate': { name: 'contract', variable: 'slachtoffer', by: 'laag' },
  'weighting.deleteScheme': { name: 'contract', operator: 'tester' },
  'import.inspectFile': { file: responsesPath },
  'import.dryRun': { file: responsesPath },
  'import.run': { file: responsesPath, operator: 'tester', mapping: {}, mappingName: 'contract' },
  'import.listMappings': {},
  'import.saveMapping': { name: 'contract', mapping: { ignore: ['lastpage'], labels: { toestemming: { Misschien: '2' } } } },
  'cleaning.saveRule': {
    rule: { name: 'jaren_lang', expression: '${jaren_functie} > 40', message: 'Meer dan 40 jaar in de functie', severity: 'warning', variables: ['jaren_functie'], examples: [{ values: { toestemming: '1', jaren_functie: '45' }, triggers: true }] },
    operator: 'tester',
  },
  'cleaning.rules': {},
  'cleaning.derive': { name: 'lang_in_functie', expression: 'if(${jaren_functie} >= 10, 1, 0)', label: '10 jaar of langer in de functie', operator: 'tester' },
  'cleaning.derived': {},
  'cleaning.run': { operator: 'tester', today: '2014-06-01' },
  'cleaning.violations': { caseId: fid(1), severity: 'warning' },
  'cleaning.accept': { caseId: fid(1), ruleId: 'incomplete', reason: 'paper form returned mostly empty', operator: 'tester' },
  'cleaning.withdraw': { caseId: fid(1), ruleId: 'incomplete', reason: 'accepted too soon', operator: 'tester' },
  'cleaning.bulkPreview': { filter: { ruleId: 'incomplete', caseId: fid(1) }, kind: 'accept' },
  'cleaning.acceptFiltered': { filter: { ruleId: 'incomplete', caseId: fid(1) }, reason: 'paper form returned mostly empty', operator: 'tester', expected: 1 },
  'cleaning.withdrawFiltered': { filter: { ruleId: 'incomplete', caseId: fid(1) }, reason: 'accepted too soon', operator: 'tester', expected: 1 },
  'cleaning.case': { caseId: fid(1) },
  'cleaning.correct': { caseId: fid(1), variable: 'groep', value: '1', reason: 'read from the paper form', operator: 'tester' },
  'cleaning.routeEffect': { caseId: fid(1), variable: 'toestemming', value: '2' },
  'cleaning.undo': { correctionId: 1, reason: 'wrong form', operator: 'tester' },
  'cleaning.audit': { source: 'cleaning', text: 'form', offset: 0, limit: 50 },
  'cleaning.exclude': { caseId: fid(1), reasonCode: 'testForm', reason: 'test form', operator: 'tester' },
  'cleaning.include': { caseId: fid(1), reason: 'not a test form after all', operator: 'tester' },
  'cleaning.exclusions': {},
  'cleaning.deleteRule': { name: 'jaren_lang', operator: 'tester' },
  'project.open': { path: join(dir, 'contract.vwk') },
  'project.close': {},
  'project.openDefault': {},
  // last: builds the small example in the app-data folder and leaves it open
  'example.open': {},
};

describe('the channel table', () => {
  it('names channels area.verb, backend and host channels apart', () => {
    for (const c of channelNames) expect(c).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(new Set(channelNames).size).toBe(backendChannelNames.length + hostChannelNames.length);
  });

  it('has exactly one handler per backend channel', () => {
    const handlers = createHandlers();
    expect(Object.keys(handlers).sort()).toEqual([...backendChannelNames].sort());
    for (const c of backendChannelNames) expect(typeof handlers[c]).toBe('function');
  });

  it('has a valid test input for every backend channel', () => {
    expect(Object.keys(validInputs).sort()).toEqual([...backendChannelNames].sort());
  });
});

describe('every backend channel', () => {
  for (const channel of Object.keys(validInputs) as BackendChannel[]) {
    it(`${channel}: valid input → output that matches its schema and survives a JSON round trip`, async () => {
      const r = await backend.dispatch(channel, validInputs[channel]);
      expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
      if (!r.ok) return;
      const roundTripped = JSON.parse(JSON.stringify(r.value)) as unknown;
      expect(roundTripped).toEqual(r.value);
      expect(backendApi[channel].output.safeParse(roundTripped).success).toBe(true);
    });

    it(`${channel}: malformed input → INVALID_INPUT`, async () => {
      for (const bad of ['text', 42, [1, 2], { unexpected: true, path: 7, offset: -1 }]) {
        const r = await backend.dispatch(channel, bad);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
      }
    });
  }

  it('an unknown channel → UNKNOWN_CHANNEL; a host channel is not answered by the backend', async () => {
    const r = await backend.dispatch('nope.nothing', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const h = await backend.dispatch('dialog.openProject', {});
    expect(h).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const proto = await backend.dispatch('__proto__', {});
    expect(proto).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('a channel that needs a project answers NO_PROJECT_OPEN when none is open', async () => {
    await backend.dispatch('project.close', {});
    const r = await backend.dispatch('case.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_PROJECT_OPEN' } });
  });
});
