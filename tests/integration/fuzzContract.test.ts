// Fuzz every backend channel with random JSON and mutated valid inputs: only a result or a coded error, never a
// throw, hang or INTERNAL, and a refused call leaves the open project's rows exactly as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzRuns } from '../helpers/fuzz';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { backendChannelNames, type BackendChannel } from '../../shared/contract/api';
import { ERROR_CODES, type Result } from '../../shared/contract/result';
import { createBackend, type Backend } from '../../electron/backend/backend';
import { createProjectFile } from '../../electron/backend/db/open';
import { DEFAULT_CASE_ID_FORMAT, formatCaseId } from '../../shared/fieldwork/caseId';
import { tempDir } from '../helpers/tmp';
import { digestDb, type ProjectDigest } from '../helpers/projectDigest';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import { POPULATION_CSV } from './weightingFixture';

const sandbox = tempDir('veldwerk-fuzz-');
const fixture = join(sandbox, 'fixture.vwk');
const monitor = join(sandbox, 'monitor');
const framePath = join(sandbox, 'frame.csv');
const responsesPath = join(sandbox, 'responses.csv');
const otherProject = join(sandbox, 'other.vwk');
const junk = join(sandbox, 'junk.vwk');
const notes = join(sandbox, 'notes.txt');
const fid = (n: number): string => formatCaseId(n, DEFAULT_CASE_ID_FORMAT);
const KNOWN_CODES = new Set<string>(ERROR_CODES.filter((c) => c !== 'INTERNAL'));
/** Per call: a hang is a failure, not a slow test. */
const CALL_TIMEOUT_MS = 10_000;
/** The Monitor form as the questionnaire builder sends it back (seed of questionnaire.save). */
const monitorForm = (await checkXlsform(resolve(__dirname, '../../../shared/monitor'))).questionnaire;
/** The weighting scheme the fixture holds (saved in beforeAll), seed of weighting.saveScheme. */
const contractScheme = {
  name: 'contract',
  group: { variable: 'groep', codes: [2] },
  method: 'rake',
  weightVariable: 'w_contract',
  margins: [{ variables: ['laag', 'geslacht'], categories: [[1, 1, 84660], [1, 2, 81340], [2, 1, 6600], [2, 2, 5400], [3, 1, 69620], [3, 2, 48380], [4, 1, 7811], [4, 2, 2889]].map(([a, b, n]) => ({ codes: [a!, b!], value: n! })) }],
};

/** Valid inputs (as in tests/contract), the seeds of the mutations. Channels without one get random JSON only. */
const validInputs: Partial<Record<BackendChannel, unknown>> = {
  'app.info': {},
  'project.create': { path: join(sandbox, 'created.vwk'), title: 'Fuzz' },
  'project.open': { path: fixture },
  'project.close': {},
  'project.current': {},
  'project.recent': {},
  'project.openDefault': {},
  'project.listBackups': {},
  'project.restoreBackup': { backup: otherProject, path: join(sandbox, 'restored.vwk') },
  'case.list': { offset: 0, limit: 10 },
  'questionnaire.get': {},
  'questionnaire.importXlsform': { path: monitor },
  'questionnaire.exportXlsform': { path: join(sandbox, 'form.xlsx') },
  'export.run': { path: join(sandbox, 'export.xlsx'), csv: { path: join(sandbox, 'export.csv'), locale: 'nl' }, sps: { path: join(sandbox, 'export.sps') } },
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
  'fieldwork.exportReport': { path: join(sandbox, 'fieldwork.xlsx') },
  'sample.exportList': { path: join(sandbox, 'sample-list.xlsx'), operator: 'tester' },
  'entry.openCase': { operator: 'tester', caseId: fid(1), batch: 'B1', receivedOn: '2014-03-02' },
  'entry.saveField': { operator: 'tester', caseId: fid(1), variable: 'toestemming', value: '1' },
  'entry.confirmWarning': { operator: 'tester', caseId: fid(1), variable: 'toestemming' },
  'entry.finishCase': { operator: 'tester', caseId: fid(1) },
  'import.inspectFile': { file: responsesPath },
  'import.dryRun': { file: responsesPath },
  'import.run': { file: responsesPath, operator: 'tester', onDuplicate: 'skip' },
  'import.listMappings': {},
  'import.saveMapping': { name: 'fuzz', mapping: { ignore: ['lastpage'] } },
  'weighting.listSchemes': {},
  'weighting.getScheme': { name: 'contract' },
  'weighting.run': { name: 'contract', operator: 'tester' },
  'weighting.result': { name: 'contract' },
  'weighting.deleteScheme': { name: 'contract', operator: 'tester' },
  'weighting.targetsFromFile': { path: POPULATION_CSV },
  'weighting.saveScheme': { scheme: contractScheme, operator: 'tester' },
  'weighting.estimate': { name: 'contract', variable: 'slachtoffer', by: 'laag' },
  'questionnaire.save': { questionnaire: monitorForm },
  'questionnaire.diff': { otherPath: monitor },
  'verification.getSettings': {},
  'verification.setSettings': { settings: { mode: 'all', firstForms: 20, rate: 0.1, threshold: 5 }, operator: 'tester' },
  'verification.queue': {},
  'verification.differences': {},
  'verification.resolve': { operator: 'tester', caseId: fid(1), variable: 'toestemming', choice: 'A', reason: 'paper says 1' },
  'verification.stats': {},
  'verification.exportStats': { path: join(sandbox, 'invoerders.xlsx') },
  'export.options': {},
  'export.start': { path: join(sandbox, 'export-job.xlsx'), sheets: ['data', 'info'], statuses: ['complete', 'verified'] },
  'export.status': {},
  'export.cancel': {},
  'export.saveProfile': { profile: { name: 'Rapport', sheets: ['data', 'labels', 'info'], weight: null, filter: { variable: 'groep', codes: ['1'] } }, operator: 'tester' },
  'export.listProfiles': {},
  'export.deleteProfile': { name: 'rapport' },
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
  'cleaning.bulkPreview': { filter: { ruleId: 'incomplete' }, kind: 'withdraw' },
  'cleaning.acceptFiltered': { filter: { ruleId: 'incomplete' }, reason: 'paper forms returned mostly empty', operator: 'tester', expected: 1 },
  'cleaning.withdrawFiltered': { filter: { ruleId: 'incomplete' }, reason: 'accepted too soon', operator: 'tester', expected: 1 },
  'cleaning.case': { caseId: fid(1) },
  'cleaning.correct': { caseId: fid(1), variable: 'groep', value: '1', reason: 'read from the paper form', operator: 'tester' },
  'cleaning.routeEffect': { caseId: fid(1), variable: 'toestemming', value: '2' },
  'cleaning.undo': { correctionId: 1, reason: 'wrong form', operator: 'tester' },
  'cleaning.audit': { source: 'cleaning', text: 'form', offset: 0, limit: 50 },
  'cleaning.exclude': { caseId: fid(1), reasonCode: 'testForm', reason: 'test form', operator: 'tester' },
  'cleaning.include': { caseId: fid(1), reason: 'not a test form after all', operator: 'tester' },
  'cleaning.exclusions': {},
  'cleaning.deleteRule': { name: 'jaren_lang', operator: 'tester' },
  'example.open': {},
};

/** Paths a mutation may put anywhere: all inside the sandbox, of every kind a handler may meet. */
const sandboxPaths = [fixture, otherProject, junk, notes, sandbox, monitor, framePath, responsesPath, join(sandbox, 'missing.vwk'), join(sandbox, 'new', 'deep', 'x.xlsx'), join(sandbox, 'out.csv')];
const protoPolluter = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}') as unknown;
const hostileStrings: string[] = [
  '', ' ', '\u0000', 'a\u0000b', `${join(sandbox, 'nul\u0000.vwk')}`, '\ud800', '😀'.repeat(50), 'x'.repeat(20_000), 'null', '=cmd|calc', '%s%n', '${x}',
  'B1', fid(1), fid(999), '2014-02-30', '9999-99-99', '-1', '1e400', 'NaN', 'CON', 'aux.vwk', 'x.VWK', 'x.vwk.lock', ' x.vwk ', '\r\n', '\u202e',
  ...sandboxPaths,
];
const hostile: unknown[] = [
  ...hostileStrings,
  0, -1, 1.5, -0, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, true, false, null, [], {}, [[[[[]]]]], [null], protoPolluter,
];

/** Every string that could name a file outside the sandbox becomes a sandbox path (the test runs as any user, even root). */
function confine(v: unknown): unknown {
  if (typeof v === 'string') {
    const looksLikePath = /[\\/]/.test(v) || v.startsWith('~') || v.startsWith('..') || v === '.';
    if (!looksLikePath) return v;
    const abs = resolve(sandbox, v);
    const rel = relative(sandbox, abs);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return v;
    return join(sandbox, 'confined', v.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 60) || 'empty');
  }
  if (Array.isArray(v)) return v.map(confine);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: confine(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

type Slot = { get(): unknown; set(x: unknown): void; remove(): void; container: 'object' | 'array' | 'root' };

/** Every position in a JSON value (the root included), as getters/setters on a deep copy. */
function slots(root: { v: unknown }): Slot[] {
  const out: Slot[] = [{ get: () => root.v, set: (x) => (root.v = x), remove: () => (root.v = undefined), container: 'root' }];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ get: () => v[i], set: (y) => (v[i] = y), remove: () => v.splice(i, 1), container: 'array' });
        walk(x);
      });
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        out.push({ get: () => o[k], set: (y) => (o[k] = y), remove: () => delete o[k], container: 'object' });
        walk(o[k]);
      }
    }
  };
  walk(root.v);
  return out;
}

const MUTATIONS = ['replaceRandom', 'replaceHostile', 'hostileString', 'hostileString', 'remove', 'addKey', 'wrapArray', 'stringify', 'duplicateArray'] as const;

/** A valid input with one to three mutations applied (deterministic from the generated choices). */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const step = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom(...MUTATIONS),
    random: fc.jsonValue({ maxDepth: 2 }),
    pick: fc.constantFrom(...hostile),
    text: fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ unit: 'binary', maxLength: 40 })),
    key: fc.string({ maxLength: 12 }),
  });
  return fc.array(step, { minLength: 1, maxLength: 3 }).map((steps) => {
    const root = { v: JSON.parse(JSON.stringify(valid)) as unknown };
    for (const s of steps) {
      const all = slots(root);
      const strings = all.filter((x) => typeof x.get() === 'string');
      const slot = s.kind === 'hostileString' && strings.length > 0 ? strings[s.at % strings.length]! : all[s.at % all.length]!;
      switch (s.kind) {
        case 'hostileString':
          slot.set(s.text);
          break;
        case 'replaceRandom':
          slot.set(s.random);
          break;
        case 'replaceHostile':
          slot.set(JSON.parse(JSON.stringify(s.pick)) as unknown);
          break;
        case 'remove':
          slot.remove();
          break;
        case 'addKey': {
          const target = slot.get();
          if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, s.key, { value: s.random, enumerable: true, writable: true, configurable: true });
          else slot.set({ [s.key]: s.random });
          break;
        }
        case 'wrapArray':
          slot.set([slot.get()]);
          break;
        case 'stringify':
          slot.set(JSON.stringify(slot.get()) ?? 'undefined');
          break;
        case 'duplicateArray': {
          const target = slot.get();
          slot.set(Array.isArray(target) ? [...target, ...target] : target);
          break;
        }
      }
    }
    return root.v;
  });
}

let backend: Backend;
let calls = 0;
let refused = 0;

async function dispatchBounded(channel: string, input: unknown): Promise<Result<unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${channel} did not answer within ${CALL_TIMEOUT_MS} ms: ${JSON.stringify(input)?.slice(0, 300)}`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([backend.dispatch(channel, input), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** The fixture's digest, recomputed only after a call that was accepted or reopened it (refused calls must not change it). */
let known: ProjectDigest | null = null;

/** Makes sure the fixture project is the open one (a successful open/create/restore may have switched it). */
async function reopenFixture(): Promise<void> {
  if (backend.session.project?.path === fixture) return;
  known = null;
  const r = await backend.dispatch('project.open', { path: fixture });
  if (!r.ok) throw new Error(`cannot reopen the fixture: ${JSON.stringify(r.error)}`);
}

function digestFixture(): ProjectDigest {
  const p = backend.session.project;
  if (!p || p.path !== fixture) throw new Error('the fixture is not open');
  return digestDb(p.db);
}

/** Waits (bounded) until the latest export job is no longer running, so its writes never fall inside another call's before/after. */
async function exportJobSettled(): Promise<void> {
  const until = Date.now() + CALL_TIMEOUT_MS;
  for (;;) {
    const s = await backend.dispatch('export.status', {});
    expect(s.ok, JSON.stringify(s)).toBe(true);
    if (!s.ok || (s.value as { state: string }).state !== 'running') return;
    if (Date.now() > until) throw new Error('the export job did not finish within the call timeout');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One fuzz call: the answer is an envelope with a known code; when refused, the project is unchanged. */
async function check(channel: string, raw: unknown): Promise<void> {
  const input = confine(raw);
  await reopenFixture();
  const before = known ?? digestFixture();
  const r = await dispatchBounded(channel, input);
  calls++;
  known = null;
  if (r.ok && channel === 'export.start') await exportJobSettled();
  const shown = JSON.stringify(input)?.slice(0, 400);
  expect(typeof r === 'object' && r !== null && typeof r.ok === 'boolean', `${channel} ${shown}`).toBe(true);
  if (r.ok) return;
  refused++;
  expect(KNOWN_CODES.has(r.error.code), `${channel} → ${r.error.code}: ${r.error.message.slice(0, 300)} for ${shown}`).toBe(true);
  expect(typeof r.error.message).toBe('string');
  await reopenFixture(); // a refused call may still have closed it (project.open of a bad file after closing)
  const after = digestFixture();
  expect(after, `${channel} refused (${r.error.code}) but changed the project, input ${shown}`).toEqual(before);
  known = after;
}

beforeAll(async () => {
  process.chdir(sandbox); // relative paths in random input land in the sandbox
  cpSync(resolve(__dirname, '../../../shared/monitor'), monitor, { recursive: true });
  writeFileSync(framePath, `case_id,groep,selection_probability,naam\n${[1, 2, 3, 4].map((n) => `${fid(n)},${1 + (n % 2)},0.5,Persoon ${n}`).join('\n')}\n`);
  writeFileSync(responsesPath, `case_id,toestemming,groep\n${fid(7)},1,1\n${fid(8)},2,2\n`);
  writeFileSync(junk, 'SQLite format 3\u0000 but not really');
  writeFileSync(notes, 'notes\n');
  mkdirSync(join(sandbox, 'confined'), { recursive: true });
  createProjectFile(otherProject, 'Other');
  backend = createBackend({ appDataDir: join(sandbox, 'appdata'), hostLabel: 'test' });
  // Bring the fixture to a realistic state: questionnaire, sample, batch, a keyed case.
  expect((await backend.dispatch('project.create', { path: fixture, title: 'Fixture' })).ok).toBe(true);
  for (const c of ['questionnaire.importXlsform', 'sample.importFrame', 'batch.register', 'entry.openCase', 'entry.saveField', 'entry.finishCase', 'weighting.saveScheme', 'cleaning.saveRule', 'export.saveProfile'] as BackendChannel[]) {
    if (c in validInputs && backendChannelNames.includes(c)) await backend.dispatch(c, validInputs[c]);
  }
  const info = await backend.dispatch('project.current', {});
  expect(info).toMatchObject({ ok: true, value: { counts: { total: 1 } } });
}, 60_000);

afterAll(() => {
  backend?.close();
  process.chdir(resolve(__dirname, '../..'));
  console.log(`[fuzzContract] ${calls} calls, ${refused} refused, ${calls - refused} accepted`);
});

/** Random JSON per channel, and mutations of its valid input; slow channels (files written) get fewer runs. */
const SLOW = new Set<string>(['export.run', 'export.start', 'verification.exportStats', 'questionnaire.save', 'questionnaire.diff', 'weighting.targetsFromFile', 'example.open', 'questionnaire.importXlsform', 'questionnaire.exportXlsform', 'fieldwork.exportReport', 'sample.exportList', 'project.restoreBackup', 'project.create', 'project.openDefault', 'project.open']);

/** Channels whose valid input builds a whole project (seconds each): fuzzed with every input but that one. */
const BUILDS = new Set<string>(['example.open']);

describe('every backend channel under random and mutated input', () => {
  it('seeds every channel, and only real channels (a new channel needs a realistic seed here)', () => {
    for (const c of Object.keys(validInputs)) expect(backendChannelNames, c).toContain(c);
    expect(backendChannelNames.filter((c) => !(c in validInputs))).toEqual([]);
  });

  for (const channel of backendChannelNames) {
    it(`${channel}`, async () => {
      const slow = SLOW.has(channel);
      const builds = BUILDS.has(channel);
      // A channel whose valid input builds a whole project (seconds): the random and mutated inputs skip that one input,
      // which its own integration test runs (tests/integration/example.test.ts).
      const notTheBuild = (v: unknown): boolean => !builds || (v !== undefined && JSON.stringify(v) !== JSON.stringify(validInputs[channel]));
      await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }).filter(notTheBuild), (v) => check(channel, v)), fuzzRuns(slow ? 4 : 10, 20140));
      const valid = validInputs[channel];
      if (valid !== undefined) {
        await fc.assert(fc.asyncProperty(mutated(valid).filter(notTheBuild), (v) => check(channel, v)), fuzzRuns(slow ? 8 : 20, 20141));
      }
    }, 60_000);
  }

  it('regression: a path with a NUL character is INVALID_INPUT at the boundary (was INTERNAL from node:fs)', async () => {
    const nul = join(sandbox, 'nul\u0000.vwk');
    for (const [channel, input] of [
      ['project.create', { path: nul }],
      ['project.open', { path: nul }],
      ['project.restoreBackup', { backup: nul, path: join(sandbox, 'r.vwk') }],
      ['fieldwork.exportReport', { path: nul }],
      ['sample.dryRun', { file: nul }],
    ] as const) {
      if (!backendChannelNames.includes(channel)) continue;
      await reopenFixture();
      const r = await dispatchBounded(channel, input);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('odd channel names and non-JSON inputs are refused with a code', async () => {
    for (const name of ['', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'project.open.extra', 'dialog.openProject', 'x'.repeat(10_000)]) {
      const r = await dispatchBounded(name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    for (const input of [undefined, Number.NaN, Infinity, () => 1, Symbol('x'), new Date(0), new Map(), BigInt(1)]) {
      const r = await dispatchBounded('case.list', input);
      if (!r.ok) expect(KNOWN_CODES.has(r.error.code)).toBe(true);
    }
  });
});
