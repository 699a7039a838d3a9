// Fieldwork service: sample-frame import (all-or-nothing), case IDs, dispositions, paper batches, the fieldwork report and its exports.
import { writeFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { DomainError, assertNever, type ErrorIssue } from '../../../shared/domain/errors';
import { checkCaseId, generateCaseIds, type CaseIdFormat } from '../../../shared/fieldwork/caseId';
import { DISPOSITIONS, dispositionOf } from '../../../shared/fieldwork/dispositions';
import { validateFrame, type FrameCase, type FrameOptions, type FrameProblem } from '../../../shared/fieldwork/frame';
import { rateTable } from '../../../shared/fieldwork/report';
import { rateDisposition } from '../../../shared/fieldwork/responseDisposition';
import { BATCH_STATUSES, type BatchRow, type FieldworkReport, type FrameImportOptions, type ImportReport } from '../../../shared/contract/fieldwork';
import type { ResultIssue } from '../../../shared/contract/result';
import * as repo from '../db/repos/fieldworkRepo';
import type { HandlerPart } from '../handlerTypes';
import { readFrameFile } from './frameReader';
import { requireProject } from './project';

type BatchStatus = (typeof BATCH_STATUSES)[number];

function writable(db: Database, readOnly: boolean): Database {
  if (readOnly) throw new DomainError('INVALID_INPUT', 'The project is open read-only.');
  return db;
}

/** Finds choice codes per variable in a stored questionnaire definition (JSON of shared/domain/questionnaire.ts). */
function questionnaireCodes(definition: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!definition) return out;
  let q: unknown;
  try {
    q = JSON.parse(definition);
  } catch {
    return out;
  }
  if (!q || typeof q !== 'object') return out;
  const lists = new Map<string, string[]>();
  const rawLists = (q as { lists?: unknown }).lists;
  if (Array.isArray(rawLists)) {
    for (const l of rawLists as { name?: unknown; choices?: unknown }[]) {
      if (typeof l?.name === 'string' && Array.isArray(l.choices)) lists.set(l.name, (l.choices as { code?: unknown }[]).map((c) => String(c?.code ?? '')));
    }
  }
  const walk = (items: unknown): void => {
    if (!Array.isArray(items)) return;
    for (const it of items as { kind?: unknown; variable?: { name?: unknown; listName?: unknown; type?: unknown }; items?: unknown }[]) {
      if (it?.kind === 'variable' && typeof it.variable?.name === 'string' && typeof it.variable.listName === 'string' && it.variable.type === 'single') {
        const codes = lists.get(it.variable.listName);
        if (codes) out.set(it.variable.name.toLowerCase(), codes);
      } else if (it?.kind === 'group') walk(it.items);
    }
  };
  walk((q as { items?: unknown }).items);
  return out;
}

/** Builds the pure validator's options from the channel's options and the project (format, codes, existing IDs). */
function frameOptions(db: Database, options: FrameImportOptions, header: readonly string[]): { opts: FrameOptions; codesFrom: ImportReport['codesFrom'] } {
  const fromQuestionnaire = questionnaireCodes(repo.latestQuestionnaireDefinition(db));
  const codes: Record<string, readonly string[]> = {};
  const codesFrom: ImportReport['codesFrom'] = [];
  const given = new Map(Object.entries(options.codes ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]));
  for (const h of header) {
    const k = h.trim().toLowerCase();
    if (k === '') continue;
    const g = given.get(k);
    const fromQ = fromQuestionnaire.get(k);
    if (g) {
      codes[h.trim()] = g;
      codesFrom.push({ variable: h.trim(), source: 'input' });
    } else if (fromQ) {
      codes[h.trim()] = fromQ;
      codesFrom.push({ variable: h.trim(), source: 'questionnaire' });
    }
  }
  const { sheet: _sheet, codes: _codes, ...rest } = options;
  return { opts: { ...rest, caseIdFormat: repo.getCaseIdFormat(db), codes, existingCaseIds: repo.sampleCaseIds(db) }, codesFrom };
}

function toIssue(p: FrameProblem): ResultIssue {
  return { message: p.message, file: p.file, ...(p.sheet !== undefined ? { sheet: p.sheet } : {}), ...(p.row !== undefined ? { row: p.row } : {}), ...(p.column !== undefined ? { column: p.column } : {}), ...(p.value !== undefined ? { value: p.value } : {}) };
}

/**
 * Reads and validates a frame file against the project, and — unless `dryRun` — stores it in one transaction.
 * Codes of stratum columns are checked against `options.codes`, else against the choice list of the questionnaire
 * variable of the same name (newest version), else not at all.
 * @param db the open project; @param path the .csv/.xlsx file; @param operator who imports (audit)
 * @returns the import report (with `imported` = cases stored; 0 for a dry run)
 * @throws DomainError IMPORT_INVALID listing every problem (file, sheet, row, column, value) when the frame has
 *   errors and this is not a dry run — nothing is stored; NOT_FOUND / IO_ERROR from reading the file
 */
export async function importFrame(db: Database, path: string, options: FrameImportOptions, operator: string, dryRun: boolean): Promise<ImportReport> {
  const { table, sha256 } = await readFrameFile(path, options.sheet);
  const { opts, codesFrom } = frameOptions(db, options, table.header);
  const v = validateFrame(table, opts);
  const weighted = v.cases.filter((c) => c.designWeight !== null).map((c) => c.designWeight!);
  const report: ImportReport = {
    file: table.file,
    sheet: table.sheet ?? null,
    rows: table.rows.length,
    valid: v.errors.length === 0,
    imported: 0,
    errors: v.errors,
    warnings: v.warnings,
    columns: v.columns,
    strataSummary: v.strataSummary,
    codesFrom,
    weights: v.errors.length === 0 && weighted.length > 0 ? weightSummary(weighted) : null,
  };
  if (dryRun) return report;
  if (v.errors.length > 0) {
    throw new DomainError('IMPORT_INVALID', `${table.file}: ${v.errors.length} problem${v.errors.length === 1 ? '' : 's'} in the sample frame; nothing was imported.`, v.errors.map(toIssue));
  }
  report.imported = storeFrame(db, { file: table.file, sheet: table.sheet ?? null, sha256, options, operator }, v.cases);
  return report;
}

/** Count, minimum, maximum and sum of design weights (a loop: frames may exceed the engine's argument limit). */
function weightSummary(w: readonly number[]): { cases: number; min: number; max: number; sum: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of w) {
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  return { cases: w.length, min, max, sum };
}

function storeFrame(db: Database, imp: Parameters<typeof repo.insertSample>[1], cases: readonly FrameCase[]): number {
  return repo.insertSample(db, imp, cases, new Date().toISOString());
}

/** Normalises typed case IDs with the project's format; every unknown or malformed one is an issue. */
function resolveCaseIds(db: Database, typed: readonly string[], mustBeInSample: boolean): { ids: string[]; issues: ErrorIssue[] } {
  const f = repo.getCaseIdFormat(db);
  const sample = mustBeInSample ? repo.sampleCaseIds(db) : null;
  const ids: string[] = [];
  const issues: ErrorIssue[] = [];
  typed.forEach((t, i) => {
    const c = checkCaseId(t, f);
    if (!c.ok) issues.push({ path: ['caseIds', i], value: t, message: c.message });
    else if (sample && !sample.has(c.caseId)) issues.push({ path: ['caseIds', i], value: t, message: `Case ${c.caseId} is not in the sample.` });
    else ids.push(c.caseId);
  });
  return { ids, issues };
}

/**
 * Sets an AAPOR disposition on cases by hand (or for a batch of returned undeliverable mail), with who/when/why.
 * @throws DomainError NOT_FOUND listing every ID that is malformed or not in the sample (nothing changed)
 */
export function setDisposition(db: Database, caseIds: readonly string[], code: string, operator: string, reason: string | null): { changed: number; unchanged: number } {
  dispositionOf(code);
  const { ids, issues } = resolveCaseIds(db, caseIds, true);
  if (issues.length > 0) throw new DomainError('NOT_FOUND', `${issues.length} case ID${issues.length === 1 ? ' is' : 's are'} not in the sample; no disposition was changed.`, issues);
  return repo.setDispositions(db, ids, code, { operator, source: 'manual', reason }, new Date().toISOString());
}

/**
 * The fieldwork dashboard: AAPOR rates overall and one-way per stratum variable, disposition counts, returns per
 * day by mode (a paper form on its batch's received date), counts by mode, batch summary. Never contains contact
 * details. Each case counts with its response-rate disposition (`rateDisposition`: excluded forms no longer
 * count as interviews; the stored disposition is unchanged, so reversing an exclusion restores the count).
 * @param e eligible share of unknown-eligibility cases for RR3/RR4/REF2, or 'estimate' (proportional allocation)
 * @param by stratum variables to break down by (default every stratum variable of the sample)
 */
export function fieldworkReport(db: Database, e: number | 'estimate', by?: readonly string[]): FieldworkReport {
  const cases = repo.sampleForReport(db).map((c) => ({
    ...c,
    disposition: rateDisposition({ stored: c.disposition, beforeReturn: c.beforeReturn, forms: c.formStatus === null ? [] : [{ exclusion: c.exclusion }] }),
  }));
  const vars = by ?? [...new Set(cases.flatMap((c) => Object.keys(c.strata)))];
  const t = rateTable(cases, vars, e);
  const returnMode = (formSource: string | null): 'paper' | 'web' | 'unknown' => (formSource === 'keying' ? 'paper' : formSource === 'import' ? 'web' : 'unknown');
  const days = new Map<string, { paper: number; web: number; unknown: number }>();
  const returnedIds = new Set(cases.filter((c) => c.disposition.startsWith('1.')).map((c) => c.caseId));
  for (const r of repo.firstReturns(db)) {
    if (!returnedIds.has(r.caseId)) continue; // e.g. a duplicate or test form excluded: not a return of its unit
    const d = r.at.slice(0, 10);
    const slot = days.get(d) ?? { paper: 0, web: 0, unknown: 0 };
    slot[returnMode(r.formSource)]++;
    days.set(d, slot);
  }
  const modes = { paper: { assigned: 0, returned: 0 }, web: { assigned: 0, returned: 0 }, unknown: { assigned: 0, returned: 0 } };
  for (const c of cases) {
    modes[c.mode ?? 'unknown'].assigned++;
    if (c.disposition === '1.1' || c.disposition === '1.2') modes[returnMode(c.formSource)].returned++;
  }
  const batches = repo.listBatches(db);
  const byStatus: Record<string, number> = Object.fromEntries(BATCH_STATUSES.map((s) => [s, 0]));
  for (const b of batches) byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;
  const counts = new Map(t.dispositions.map((d) => [d.code, d.count]));
  return {
    generatedAt: new Date().toISOString(),
    sampled: cases.length,
    returned: t.overall.counts.I + t.overall.counts.P,
    overall: t.overall,
    byStratum: t.byStratum,
    dispositions: DISPOSITIONS.map((d) => ({ code: d.code, outcome: d.outcome, nl: d.nl, en: d.en, count: counts.get(d.code) ?? 0 })),
    e: t.e,
    eMethod: t.eMethod,
    perDay: [...days].sort((a, b) => a[0].localeCompare(b[0])).map(([date, s]) => ({ date, ...s, total: s.paper + s.web + s.unknown })),
    byMode: (['paper', 'web', 'unknown'] as const).map((mode) => ({ mode, ...modes[mode] })),
    batches: { total: batches.length, byStatus, expectedForms: batches.reduce((n, b) => n + (b.expectedForms ?? 0), 0), keyedForms: batches.reduce((n, b) => n + b.keyed, 0) },
    keyedNotInSample: repo.formsNotInSample(db),
  };
}

function requireBatch(db: Database, number: string): BatchRow {
  const b = repo.getBatch(db, number);
  if (!b) throw new DomainError('NOT_FOUND', `No batch ${number}.`);
  return b;
}

function registerForms(db: Database, batch: BatchRow, typed: readonly string[], receivedOn: string | null): void {
  const { ids, issues } = resolveCaseIds(db, typed, true);
  const other = repo.casesInOtherBatches(db, batch.id, ids);
  for (const [id, number] of other) issues.push({ value: id, message: `Case ${id} is already registered with batch ${number}.` });
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  for (const id of new Set(dup)) issues.push({ value: id, message: `Case ${id} is listed twice.` });
  if (issues.length > 0) throw new DomainError('INVALID_INPUT', `${issues.length} problem${issues.length === 1 ? '' : 's'} with the forms of batch ${batch.number}; nothing was registered.`, issues);
  repo.assignCasesToBatch(db, batch.id, receivedOn, ids);
}

/**
 * Registers a returned paper batch (status 'received'), optionally with the case IDs of its forms.
 * @throws DomainError ALREADY_EXISTS for a used batch number; INVALID_INPUT listing IDs that are malformed, not in
 *   the sample, listed twice or already in another batch (nothing registered)
 */
export function registerBatch(db: Database, input: { number: string; receivedOn: string; expectedForms: number; origin?: string | undefined; notes?: string | undefined; operator: string; caseIds?: readonly string[] | undefined }): BatchRow {
  return db.transaction(() => {
    if (repo.getBatch(db, input.number)) throw new DomainError('ALREADY_EXISTS', `Batch ${input.number} is already registered.`);
    const now = new Date().toISOString();
    repo.insertBatch(db, { number: input.number, receivedOn: input.receivedOn, expectedForms: input.expectedForms, origin: input.origin ?? null, notes: input.notes ?? null, operator: input.operator }, now);
    const b = requireBatch(db, input.number);
    if (input.caseIds && input.caseIds.length > 0) registerForms(db, b, input.caseIds, input.receivedOn);
    repo.appendAudit(db, { operator: input.operator, source: 'system', reason: `batch ${input.number} registered (${input.expectedForms} forms expected)`, details: { batch: input.number, expectedForms: input.expectedForms, forms: input.caseIds?.length ?? 0 } }, now);
    return requireBatch(db, input.number);
  }).immediate();
}

/**
 * Reconciles a batch: expected vs keyed vs verified vs excluded, and the IDs that do not add up — registered but
 * never keyed; keyed into this batch but registered with another batch (named); keyed into this batch but
 * registered with no batch; keyed but not in the sample. `keyedNotRegistered` is the two "keyed, not registered
 * here" lists together (case IDs only). Balanced = difference 0, nothing in progress and every list empty.
 * @throws DomainError NOT_FOUND for an unknown batch
 */
export function reconcileBatch(db: Database, number: string): {
  batch: BatchRow; expected: number | null; inProgress: number; difference: number | null; notKeyed: string[];
  keyedElsewhere: { caseId: string; batch: string }[]; keyedUnregistered: string[]; keyedNotRegistered: string[]; notInSample: string[]; balanced: boolean;
} {
  const batch = requireBatch(db, number);
  const lists = repo.batchReconciliationLists(db, batch.id);
  const difference = batch.expectedForms === null ? null : batch.expectedForms - batch.keyed - lists.inProgress;
  return {
    batch,
    expected: batch.expectedForms,
    ...lists,
    difference,
    balanced: (difference ?? 0) === 0 && lists.inProgress === 0 && lists.notKeyed.length === 0 && lists.notInSample.length === 0 && lists.keyedNotRegistered.length === 0,
  };
}

/**
 * Moves a batch forward in received → keying → keyed → verified → closed (steps may be skipped, never reversed).
 * Closing a batch that does not reconcile needs a reason. Each change is an audit_log row.
 * @throws DomainError NOT_FOUND, INVALID_INPUT (backwards, or closing unbalanced without a reason)
 */
export function setBatchStatus(db: Database, number: string, status: BatchStatus, operator: string, reason: string | null): BatchRow {
  return db.transaction(() => {
    const b = requireBatch(db, number);
    const from = BATCH_STATUSES.indexOf(b.status);
    const to = BATCH_STATUSES.indexOf(status);
    if (to === from) return b;
    if (to < from) throw new DomainError('INVALID_INPUT', `Batch ${number} is ${b.status}; a status only moves forward (${BATCH_STATUSES.join(' → ')}).`);
    let details: Record<string, unknown> = { batch: number, from: b.status, to: status };
    switch (status) {
      case 'closed': {
        const r = reconcileBatch(db, number);
        if (!r.balanced && !reason) throw new DomainError('INVALID_INPUT', `Batch ${number} does not reconcile (difference ${r.difference ?? 'n/a'}, ${r.notKeyed.length} registered forms not keyed); give a reason to close it anyway.`);
        details = { ...details, balanced: r.balanced, difference: r.difference, notKeyed: r.notKeyed.length };
        break;
      }
      case 'received':
      case 'keying':
      case 'keyed':
      case 'verified':
        break;
      default:
        assertNever(status, 'batch status');
    }
    const now = new Date().toISOString();
    repo.updateBatchStatus(db, b.id, status, now);
    repo.appendAudit(db, { operator, source: 'system', reason: reason ?? `batch ${number}: ${b.status} → ${status}`, details }, now);
    return requireBatch(db, number);
  }).immediate();
}

function csvCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  // Formula injection guard (OWASP "CSV Injection"): text starting with = + - @ tab or CR gets a leading quote.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function writeAtomically(path: string, data: Buffer | string): Promise<string> {
  const abs = resolve(path);
  const tmp = `${abs}.writing-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new DomainError('IO_ERROR', `Cannot write ${abs}: ${(e as Error).message}`);
  }
  return abs;
}

/**
 * Writes the sample list (case ID, strata, probability, design weight, mode, disposition, batch) as .xlsx or .csv.
 * Contact details are left out unless `includeContacts`; when included, the export is recorded in the audit log
 * (source 'export', identifying: true) in the same transaction that reads them.
 * @returns the absolute path, rows written, whether contacts were included and the column names
 * @throws DomainError IO_ERROR when the file cannot be written
 */
export async function exportSampleList(db: Database, input: { path: string; format: 'xlsx' | 'csv'; includeContacts: boolean; operator: string }): Promise<{ path: string; rows: number; includedContacts: boolean; columns: string[] }> {
  const abs = resolve(input.path);
  const rows = input.includeContacts
    ? db.transaction(() => {
      const r = repo.sampleWithContacts(db);
      const cols = [...new Set(r.flatMap((x) => Object.keys(x.contact)))];
      repo.logIdentifyingExport(db, input.operator, { file: abs, columns: cols, rows: r.length, channel: 'sample.exportList' });
      return r;
    }).immediate()
    : repo.listSample(db, 0, Number.MAX_SAFE_INTEGER).rows.map((r) => ({ ...r, contact: {} as Record<string, string> }));
  const strata = [...new Set(rows.flatMap((r) => Object.keys(r.strata)))];
  const contacts = input.includeContacts ? [...new Set(rows.flatMap((r) => Object.keys(r.contact)))] : [];
  const columns = ['case_id', ...strata, 'selection_probability', 'design_weight', 'mode', 'disposition', 'batch', ...contacts];
  const table: (string | number | null)[][] = rows.map((r) => [
    r.caseId, ...strata.map((s) => r.strata[s] ?? null), r.probability, r.designWeight, r.mode, r.disposition, r.batch, ...contacts.map((c) => r.contact[c] ?? null),
  ]);
  switch (input.format) {
    case 'csv':
      await writeAtomically(abs, `\ufeff${[columns, ...table].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`);
      break;
    case 'xlsx': {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Steekproef');
      ws.addRow(columns);
      for (const r of table) ws.addRow(r);
      await writeAtomically(abs, Buffer.from(await wb.xlsx.writeBuffer()));
      break;
    }
    default:
      assertNever(input.format, 'format');
  }
  return { path: abs, rows: rows.length, includedContacts: input.includeContacts, columns };
}

/**
 * Writes the fieldwork report as an .xlsx workbook: sheets Respons (AAPOR rates overall and per stratum), Disposities,
 * Per dag and Batches. No contact details.
 * @returns the absolute path and the sheet names
 */
export async function exportFieldworkReport(db: Database, path: string, e: number | 'estimate', by?: readonly string[]): Promise<{ path: string; sheets: string[] }> {
  const r = fieldworkReport(db, e, by);
  const wb = new ExcelJS.Workbook();
  const rates = ['RR1', 'RR2', 'RR3', 'RR4', 'COOP1', 'COOP2', 'REF1', 'REF2', 'CON1'] as const;
  const resp = wb.addWorksheet('Respons');
  resp.addRow(['variable', 'code', 'sampled', 'I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE', ...rates]);
  const add = (variable: string, row: FieldworkReport['overall']) =>
    resp.addRow([variable, row.code, row.sampled, row.counts.I, row.counts.P, row.counts.R, row.counts.NC, row.counts.O, row.counts.UH, row.counts.UO, row.counts.NE, ...rates.map((k) => row.rates[k])]);
  add('(total)', r.overall);
  for (const s of r.byStratum) for (const row of s.rows) add(s.variable, row);
  resp.addRow([]);
  resp.addRow([`e = ${r.e} (${r.eMethod}); formulas: AAPOR Standard Definitions (2023, 10th ed.)`]);
  for (let c = 12; c <= 12 + rates.length - 1; c++) resp.getColumn(c).numFmt = '0.0%';
  const disp = wb.addWorksheet('Disposities');
  disp.addRow(['code', 'class', 'label', 'label_en', 'count']);
  for (const d of r.dispositions) disp.addRow([d.code, d.outcome, d.nl, d.en, d.count]);
  const day = wb.addWorksheet('Per dag');
  day.addRow(['date', 'paper', 'web', 'unknown', 'total']);
  for (const d of r.perDay) day.addRow([d.date, d.paper, d.web, d.unknown, d.total]);
  const bat = wb.addWorksheet('Batches');
  bat.addRow(['number', 'received_on', 'status', 'expected', 'registered', 'keyed', 'complete', 'verified', 'excluded', 'origin']);
  for (const b of repo.listBatches(db)) bat.addRow([b.number, b.receivedOn, b.status, b.expectedForms, b.registeredForms, b.keyed, b.complete, b.verified, b.excluded, b.origin]);
  const abs = await writeAtomically(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return { path: abs, sheets: wb.worksheets.map((w) => w.name) };
}

/** The project's case-ID format and whether it is locked (a sample exists). */
function formatInfo(db: Database): { format: CaseIdFormat; locked: boolean } {
  return { format: repo.getCaseIdFormat(db), locked: repo.sampleSize(db) > 0 };
}

/** Handlers of the sample.*, fieldwork.*, disposition.*, batch.* and sample ID channels. */
export const fieldworkHandlers = {
  'sample.dryRun': async ({ file, options }, { session }) => importFrame(requireProject(session).db, file, options, 'dry-run', true),
  'sample.importFrame': async ({ file, options, operator }, { session }) => {
    const p = requireProject(session);
    return importFrame(writable(p.db, p.readOnly), file, options, operator, false);
  },
  'sample.list': ({ offset, limit }, { session }) => repo.listSample(requireProject(session).db, offset, limit),
  'sample.exportList': async (input, { session }) => exportSampleList(requireProject(session).db, input),
  'fieldwork.report': ({ e, by }, { session }) => fieldworkReport(requireProject(session).db, e, by),
  'fieldwork.exportReport': async ({ path, e, by }, { session }) => exportFieldworkReport(requireProject(session).db, path, e, by),
  'disposition.codes': () => DISPOSITIONS.map((d) => ({ code: d.code, outcome: d.outcome, nl: d.nl, en: d.en })),
  'disposition.set': ({ caseIds, code, operator, reason }, { session }) => {
    const p = requireProject(session);
    return setDisposition(writable(p.db, p.readOnly), caseIds, code, operator, reason ?? null);
  },
  'disposition.history': ({ caseId }, { session }) => {
    const db = requireProject(session).db;
    const c = checkCaseId(caseId, repo.getCaseIdFormat(db));
    const h = c.ok ? repo.dispositionHistory(db, c.caseId) : null;
    if (!h) throw new DomainError('NOT_FOUND', c.ok ? `Case ${c.caseId} is not in the sample.` : c.message);
    return h;
  },
  'batch.register': (input, { session }) => {
    const p = requireProject(session);
    return registerBatch(writable(p.db, p.readOnly), input);
  },
  'batch.addForms': ({ number, caseIds, operator }, { session }) => {
    const p = requireProject(session);
    const db = writable(p.db, p.readOnly);
    return db.transaction(() => {
      const b = requireBatch(db, number);
      registerForms(db, b, caseIds, b.receivedOn);
      repo.appendAudit(db, { operator, source: 'system', reason: `batch ${number}: ${caseIds.length} forms registered`, details: { batch: number, forms: caseIds.length } });
      return requireBatch(db, number);
    }).immediate();
  },
  'batch.list': (_input, { session }) => repo.listBatches(requireProject(session).db),
  'batch.setStatus': ({ number, status, operator, reason }, { session }) => {
    const p = requireProject(session);
    return setBatchStatus(writable(p.db, p.readOnly), number, status, operator, reason ?? null);
  },
  'batch.reconcile': ({ number }, { session }) => reconcileBatch(requireProject(session).db, number),
  'sample.getIdFormat': (_input, { session }) => formatInfo(requireProject(session).db),
  'sample.setIdFormat': ({ format, operator }, { session }) => {
    const p = requireProject(session);
    const db = writable(p.db, p.readOnly);
    return db.transaction(() => {
      if (repo.sampleSize(db) > 0) throw new DomainError('ALREADY_EXISTS', 'The sample already uses the current case-ID format; it cannot be changed.');
      repo.putCaseIdFormat(db, format);
      repo.appendAudit(db, { operator, source: 'system', reason: 'case-ID format set', details: format });
      return formatInfo(db);
    }).immediate();
  },
  'sample.checkId': ({ caseId }, { session }) => {
    const db = requireProject(session).db;
    const c = checkCaseId(caseId, repo.getCaseIdFormat(db));
    if (!c.ok) return { valid: false, caseId: null, problem: c.problem, message: c.message, inSample: false, disposition: null };
    const h = repo.dispositionHistory(db, c.caseId);
    return { valid: true, caseId: c.caseId, problem: null, message: null, inSample: h !== null, disposition: h?.disposition ?? null };
  },
  'sample.idLabels': ({ start, count, offset, limit }, { session }) => {
    const db = requireProject(session).db;
    const format = repo.getCaseIdFormat(db);
    if (start !== undefined || count !== undefined) {
      const total = count ?? 1;
      const n = Math.max(0, Math.min(limit, total - offset));
      let ids: string[];
      try {
        ids = generateCaseIds((start ?? 1) + offset, n, format);
      } catch (e) {
        throw new DomainError('INVALID_INPUT', `Case numbers ${start ?? 1}…${(start ?? 1) + total - 1} do not fit the format: ${(e as Error).message}`);
      }
      return { format, total, source: 'generated' as const, labels: ids.map((caseId) => ({ caseId, mode: null })) };
    }
    const page = repo.listSample(db, offset, limit);
    return { format, total: page.total, source: 'sample' as const, labels: page.rows.map((r) => ({ caseId: r.caseId, mode: r.mode })) };
  },
} satisfies HandlerPart<
  | 'sample.dryRun' | 'sample.importFrame' | 'sample.list' | 'sample.exportList' | 'fieldwork.report' | 'fieldwork.exportReport'
  | 'disposition.codes' | 'disposition.set' | 'disposition.history' | 'batch.register' | 'batch.addForms' | 'batch.list'
  | 'batch.setStatus' | 'batch.reconcile' | 'sample.getIdFormat' | 'sample.setIdFormat' | 'sample.checkId' | 'sample.idLabels'
>;
