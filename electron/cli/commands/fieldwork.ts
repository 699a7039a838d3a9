// CLI commands of the fieldwork area: sample import, fieldwork report, batch register/reconcile, case-ID labels.
import { userInfo } from 'node:os';
import type { Database } from 'better-sqlite3';
import { openProjectForWrite, openProjectReadOnly, type ProjectDb } from '../../backend/db/open';
import { getCaseIdFormat, listSample } from '../../backend/db/repos/fieldworkRepo';
import { exportFieldworkReport, fieldworkReport, importFrame, reconcileBatch, registerBatch } from '../../backend/services/fieldwork';
import { generateCaseIds } from '../../../shared/fieldwork/caseId';
import type { FieldworkReport, FrameImportOptions, ImportReport } from '../../../shared/contract/fieldwork';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type Command, type ParsedArgs } from '../types';

function onePath(args: ParsedArgs, what: string): string {
  const [path, ...rest] = args.positional;
  if (!path || rest.length > 0) throw new UsageError(`${what} needs exactly one project path`);
  return path;
}

function operatorOf(args: ParsedArgs): string {
  const o = stringOption(args, 'operator');
  if (o !== undefined) return o;
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

function list(args: ParsedArgs, name: string): string[] | undefined {
  const v = stringOption(args, name);
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function intOption(args: ParsedArgs, name: string): number | undefined {
  const v = stringOption(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number`);
  return Number(v);
}

async function withProject<T>(path: string, write: boolean, f: (db: Database) => Promise<T> | T): Promise<T> {
  const p: ProjectDb = write ? await openProjectForWrite(path, 'cli') : openProjectReadOnly(path);
  try {
    return await f(p.db);
  } finally {
    p.close();
  }
}

const pct = (x: number | null): string => (x === null ? '     –' : `${(100 * x).toFixed(1).padStart(5)}%`);

function formatImport(r: ImportReport, dryRun: boolean): string {
  const lines = [
    `File:        ${r.file}${r.sheet ? ` (sheet ${r.sheet})` : ''}`,
    `Rows:        ${r.rows}`,
    `Case ID:     ${r.columns.caseId ?? '(generated)'}`,
    `Strata:      ${r.columns.strata.join(', ') || '(none)'}`,
    `Contacts:    ${r.columns.contact.join(', ') || '(none)'} (kept apart, identifying)`,
    `Weights:     ${r.weights ? `${r.weights.cases} cases, min ${r.weights.min.toFixed(3)}, max ${r.weights.max.toFixed(3)}, sum ${r.weights.sum.toFixed(1)}` : 'none'}`,
    ...r.strataSummary.map((s) => `  ${s.variable}: ${s.codes.map((c) => `${c.code}=${c.count}`).join(', ')}`),
    ...r.warnings.map((w) => `warning: ${w.row !== undefined ? `row ${w.row}: ` : ''}${w.message}`),
  ];
  if (dryRun) {
    lines.push(r.valid ? 'Dry run: the frame is valid; nothing was stored.' : `Dry run: ${r.errors.length} problems; nothing was stored.`);
    for (const e of r.errors) lines.push(`  ${[e.file, e.sheet, e.row !== undefined ? `row ${e.row}` : undefined, e.column ? `column ${e.column}` : undefined].filter(Boolean).join(', ')}: ${e.message}`);
  } else lines.push(`Imported:    ${r.imported} cases`);
  return `${lines.join('\n')}\n`;
}

/** `sample import <project.vwk> --file <frame.csv|xlsx> [--dry-run] [--json] …` — validates and imports a sample frame. */
export const sampleImportCommand: Command = {
  name: ['sample', 'import'],
  usage: 'sample import <project.vwk> --file <frame.csv|xlsx> [--dry-run] [--json] [--sheet S] [--strata a,b] [--optional a,b] [--assign-ids-from N] [--operator NAME]   Import a sample frame (all or nothing)',
  valueOptions: ['file', 'sheet', 'strata', 'optional', 'assign-ids-from', 'operator'],
  async run(args, io) {
    rejectUnknownOptions(args, ['file', 'sheet', 'strata', 'optional', 'assign-ids-from', 'operator', 'dry-run', 'json']);
    const path = onePath(args, 'sample import');
    const file = stringOption(args, 'file');
    if (!file) throw new UsageError('--file is required');
    const dryRun = args.options['dry-run'] === true;
    const options: FrameImportOptions = {};
    const sheet = stringOption(args, 'sheet');
    if (sheet !== undefined) options.sheet = sheet;
    const strata = list(args, 'strata');
    if (strata) options.strata = strata;
    const optional = list(args, 'optional');
    if (optional) options.optionalStrata = optional;
    const from = intOption(args, 'assign-ids-from');
    if (from !== undefined) options.assignCaseIdsFrom = from;
    const r = await withProject(path, !dryRun, (db) => importFrame(db, file, options, operatorOf(args), dryRun));
    io.out(args.options.json === true ? `${JSON.stringify(r, null, 2)}\n` : formatImport(r, dryRun));
    return dryRun && !r.valid ? 1 : 0;
  },
};

function formatReport(r: FieldworkReport): string {
  const head = `${'group'.padEnd(24)} ${'n'.padStart(7)} ${'RR1'.padStart(6)} ${'RR2'.padStart(6)} ${'RR3'.padStart(6)} ${'RR4'.padStart(6)} ${'COOP1'.padStart(6)} ${'COOP2'.padStart(6)} ${'REF1'.padStart(6)}`;
  const row = (label: string, x: FieldworkReport['overall']) =>
    `${label.slice(0, 24).padEnd(24)} ${String(x.sampled).padStart(7)} ${[x.rates.RR1, x.rates.RR2, x.rates.RR3, x.rates.RR4, x.rates.COOP1, x.rates.COOP2, x.rates.REF1].map(pct).join(' ')}`;
  const lines = [
    `Sampled: ${r.sampled}   Returned (1.x): ${r.returned}   e = ${r.e.toFixed(3)} (${r.eMethod})`,
    '',
    head,
    row('total', r.overall),
    ...r.byStratum.flatMap((s) => s.rows.map((x) => row(`${s.variable} = ${x.code}`, x))),
    '',
    'Dispositions:',
    ...r.dispositions.filter((d) => d.count > 0).map((d) => `  ${d.code.padEnd(6)} ${String(d.count).padStart(7)}  ${d.en}`),
    '',
    `By mode: ${r.byMode.map((m) => `${m.mode} ${m.returned}/${m.assigned}`).join(', ')}`,
    `Batches: ${r.batches.total} (${Object.entries(r.batches.byStatus).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}); expected ${r.batches.expectedForms}, keyed ${r.batches.keyedForms}`,
    'Rates: AAPOR Standard Definitions (2023, 10th ed.).',
  ];
  return `${lines.join('\n')}\n`;
}

/** `fieldwork report <project.vwk> [--json] [--e E] [--by a,b] [--xlsx out.xlsx]` — response per stratum (read-only unless --xlsx). */
export const fieldworkReportCommand: Command = {
  name: ['fieldwork', 'report'],
  usage: 'fieldwork report <project.vwk> [--json] [--e E] [--by a,b] [--xlsx out.xlsx]   Response rates (AAPOR) per stratum, dispositions, batches',
  valueOptions: ['e', 'by', 'xlsx'],
  async run(args, io) {
    rejectUnknownOptions(args, ['e', 'by', 'xlsx', 'json']);
    const path = onePath(args, 'fieldwork report');
    const eText = stringOption(args, 'e');
    const e = eText === undefined ? 'estimate' : Number(eText);
    if (e !== 'estimate' && !(e >= 0 && e <= 1)) throw new UsageError('--e must be a number between 0 and 1');
    const by = list(args, 'by');
    const xlsx = stringOption(args, 'xlsx');
    const r = await withProject(path, false, async (db) => {
      if (xlsx) await exportFieldworkReport(db, xlsx, e, by);
      return fieldworkReport(db, e, by);
    });
    io.out(args.options.json === true ? `${JSON.stringify(r, null, 2)}\n` : formatReport(r));
    return 0;
  },
};

/** `batch register <project.vwk> --number N --expected K [--received DATE] [--origin O] [--notes T] [--ids a,b] [--json]`. */
export const batchRegisterCommand: Command = {
  name: ['batch', 'register'],
  usage: 'batch register <project.vwk> --number N --expected K [--received YYYY-MM-DD] [--origin O] [--notes T] [--ids id,id] [--operator NAME] [--json]   Register a returned paper batch',
  valueOptions: ['number', 'expected', 'received', 'origin', 'notes', 'ids', 'operator'],
  async run(args, io) {
    rejectUnknownOptions(args, ['number', 'expected', 'received', 'origin', 'notes', 'ids', 'operator', 'json']);
    const path = onePath(args, 'batch register');
    const number = stringOption(args, 'number');
    const expected = intOption(args, 'expected');
    if (!number || expected === undefined) throw new UsageError('--number and --expected are required');
    const received = stringOption(args, 'received') ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(received)) throw new UsageError('--received must be a date YYYY-MM-DD');
    const b = await withProject(path, true, (db) =>
      registerBatch(db, { number, receivedOn: received, expectedForms: expected, origin: stringOption(args, 'origin'), notes: stringOption(args, 'notes'), operator: operatorOf(args), caseIds: list(args, 'ids') }),
    );
    io.out(args.options.json === true ? `${JSON.stringify(b, null, 2)}\n` : `Batch ${b.number} registered: received ${b.receivedOn}, ${b.expectedForms} forms expected, ${b.registeredForms} IDs registered.\n`);
    return 0;
  },
};

/**
 * `batch reconcile <project.vwk> --number N [--json]` — expected vs keyed vs verified vs excluded, and the IDs that do
 * not add up: registered but never keyed, keyed here but registered with another batch (named), keyed here but
 * registered with no batch, keyed but not in the sample.
 */
export const batchReconcileCommand: Command = {
  name: ['batch', 'reconcile'],
  usage: 'batch reconcile <project.vwk> --number N [--json]   Expected vs keyed vs verified vs excluded; IDs never keyed, keyed here but registered with another batch or none, not in the sample',
  valueOptions: ['number'],
  async run(args, io) {
    rejectUnknownOptions(args, ['number', 'json']);
    const path = onePath(args, 'batch reconcile');
    const number = stringOption(args, 'number');
    if (!number) throw new UsageError('--number is required');
    const r = await withProject(path, false, (db) => reconcileBatch(db, number));
    if (args.options.json === true) io.out(`${JSON.stringify(r, null, 2)}\n`);
    else {
      const b = r.batch;
      io.out([
        `Batch ${b.number} (${b.status}): expected ${r.expected ?? '–'}, keyed ${b.keyed}, in progress ${r.inProgress}, complete ${b.complete}, verified ${b.verified}, excluded ${b.excluded}`,
        `Difference (expected − keyed − in progress): ${r.difference ?? '–'}`,
        `Registered but never keyed: ${r.notKeyed.join(', ') || 'none'}`,
        `Keyed here, registered with another batch: ${r.keyedElsewhere.map((k) => `${k.caseId} (batch ${k.batch})`).join(', ') || 'none'}`,
        `Keyed here, not registered with any batch: ${r.keyedUnregistered.join(', ') || 'none'}`,
        `Keyed but not in the sample: ${r.notInSample.join(', ') || 'none'}`,
        r.balanced ? 'Balanced.' : 'NOT balanced.',
      ].join('\n') + '\n');
    }
    return 0;
  },
};

/** `caseid labels <project.vwk> [--start N --count K] [--json]` — case IDs for the paper forms, one per line. */
export const caseIdLabelsCommand: Command = {
  name: ['caseid', 'labels'],
  usage: 'caseid labels <project.vwk> [--start N --count K] [--json]   Case IDs with check digit for the paper forms (the sample\'s, or K new ones from N)',
  valueOptions: ['start', 'count'],
  async run(args, io) {
    rejectUnknownOptions(args, ['start', 'count', 'json']);
    const path = onePath(args, 'caseid labels');
    const start = intOption(args, 'start');
    const count = intOption(args, 'count');
    const ids = await withProject(path, false, (db) => {
      const f = getCaseIdFormat(db);
      if (start !== undefined || count !== undefined) {
        try {
          return generateCaseIds(start ?? 1, count ?? 1, f);
        } catch (e) {
          throw new UsageError((e as Error).message);
        }
      }
      return listSample(db, 0, Number.MAX_SAFE_INTEGER).rows.map((r) => r.caseId);
    });
    io.out(args.options.json === true ? `${JSON.stringify(ids)}\n` : ids.map((i) => `${i}\n`).join(''));
    return 0;
  },
};

/** The fieldwork commands, in help order. */
export const fieldworkCommands: readonly Command[] = [sampleImportCommand, fieldworkReportCommand, batchRegisterCommand, batchReconcileCommand, caseIdLabelsCommand];

