// Import slice: the response-import screen — file and reading options, the mapping being edited, dry-run report, commit result.
import type { StateCreator } from 'zustand';
import type { z } from 'zod';
import type { importApi, ResponseImportReport } from '../../shared/contract/import';
import type { ResultError } from '../../shared/contract/result';
import type { Questionnaire } from '../../shared/domain/questionnaire';
import { normaliseName, type ImportMapping } from '../../shared/import/mapping';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';

/** CSV encodings the user can force. */
export type ImportEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
/** What to do with a case ID that is already in the project or earlier in the file. */
export type ImportOnDuplicate = 'refuse' | 'skip' | 'replace';

/** The reading and commit options of the import form. */
export interface ImportForm {
  /** The response file (.csv or .xlsx), '' until chosen. */
  file: string;
  encoding: ImportEncoding;
  /** Worksheet of an .xlsx file; '' = the first. */
  sheet: string;
  /** Header rows in total; null = detected. */
  headerRows: number | null;
  /** Name the mapping is saved under (the survey tool, e.g. "limesurvey"); '' = none. */
  mappingName: string;
  onDuplicate: ImportOnDuplicate;
}

/** The saved mappings as listed by import.listMappings. */
export type SavedImportMapping = z.output<(typeof importApi)['import.listMappings']['output']>[number];
/** What import.inspectFile says about the file. */
export type ImportFileInfo = z.output<(typeof importApi)['import.inspectFile']['output']>;

/**
 * A column's target as the mapping screen's select encodes it: '' = the automatic mapping, 'ignore', 'caseId',
 * 'complete', `v:<variable>` or `o:<data column>` (a 0/1 column of one multiple-choice option).
 */
export type ColumnChoice = string;

/** State and actions of the import slice. */
export interface ImportSlice {
  importForm: ImportForm;
  /** The mapping chosen on screen (merged by the backend over the saved mapping `mappingName`). */
  importMapping: ImportMapping;
  importQn: Questionnaire | null;
  importMappings: SavedImportMapping[];
  importInfo: ImportFileInfo | null;
  /** The last dry run. */
  importReport: ResponseImportReport | null;
  /** {@link checkKey} of what `importReport` checked; the commit is allowed only while it equals the current key. */
  importCheckedKey: string | null;
  /** The committed import. */
  importResult: ResponseImportReport | null;
  importBusy: boolean;
  importError: ResultError | null;
  /** When the mapping was last saved by name (ISO), for the on-screen note. */
  importMappingSavedAt: string | null;
  /** Loads the questionnaire (for the variable choices) and the saved mappings. */
  loadImportSetup(): Promise<void>;
  setImportForm(patch: Partial<ImportForm>): void;
  /** Reads the file (import.inspectFile) and dry-runs it with the current mapping. */
  checkImportFile(): Promise<void>;
  /** Dry-runs the file again with the current mapping and options. */
  dryRunImport(): Promise<void>;
  /** Maps one column by hand (see {@link ColumnChoice}) and dry-runs again. */
  setImportColumn(col: number, header: string, choice: ColumnChoice): Promise<void>;
  /** Resolves an unmapped label of a variable to a code ('' = unresolved) and dry-runs again. */
  setImportLabel(variable: string, label: string, code: string): Promise<void>;
  /** Saves the effective mapping of the last dry run under `importForm.mappingName`. */
  saveImportMapping(): Promise<void>;
  /** Imports all rows (import.run) or nothing; refreshes the project counts and the case list. */
  commitImport(): Promise<boolean>;
  clearImportError(): void;
  /** Forgets the file, mapping and reports (a new import). */
  resetImport(): void;
}

/**
 * The identity of what a dry run checks and a commit imports: file, reading options, duplicate choice, the explicit
 * mapping and the saved mapping it is merged over (the backend's effective mapping). The name itself is left out:
 * renaming to a name with the same saved mapping (or none) changes nothing that was checked.
 * @param form the import form; @param mapping the explicit mapping; @param saved the saved mappings
 * @returns a string that differs whenever the dry run's outcome could
 */
export function checkKey(form: ImportForm, mapping: ImportMapping, saved: readonly SavedImportMapping[]): string {
  const name = form.mappingName.trim();
  const base = name === '' ? null : (saved.find((m) => m.name === name)?.mapping ?? null);
  return JSON.stringify([form.file.trim(), form.encoding, form.sheet, form.headerRows, form.onDuplicate, mapping, base]);
}

/**
 * The key of the reading part only (file, encoding, sheet, header rows, saved mapping): a change clears the report.
 * @param form the import form; @param saved the saved mappings
 */
function readKey(form: ImportForm, saved: readonly SavedImportMapping[]): string {
  return checkKey({ ...form, onDuplicate: 'refuse' }, {}, saved);
}

/** True when the dry run on screen is of exactly the current file, options and mapping (the commit is allowed). */
export function importReportCurrent(s: Pick<ImportSlice, 'importReport' | 'importCheckedKey' | 'importForm' | 'importMapping' | 'importMappings'>): boolean {
  return s.importReport !== null && s.importCheckedKey === checkKey(s.importForm, s.importMapping, s.importMappings);
}

const EMPTY_FORM: ImportForm = { file: '', encoding: 'auto', sheet: '', headerRows: null, mappingName: '', onDuplicate: 'refuse' };

/**
 * The key a mapping uses for a column: its header, or `#n` when the header is empty or occurs more than once.
 * @param header the column's header; @param col 1-based column number; @param headers every header of the file
 */
export function columnKey(header: string, col: number, headers: readonly string[]): string {
  const k = normaliseName(header);
  return header.trim() === '' || headers.filter((h) => normaliseName(h) === k).length > 1 ? `#${col}` : header;
}

/**
 * Returns a copy of `m` in which the column `key` is mapped as `choice` says; every earlier explicit choice for
 * that column (case ID, complete, columns, ignore) is dropped first, so '' returns it to the automatic mapping.
 * @param m the mapping; @param key from {@link columnKey}; @param choice a {@link ColumnChoice}
 */
export function withColumnChoice(m: ImportMapping, key: string, choice: ColumnChoice): ImportMapping {
  const same = (k: string | undefined): boolean => k !== undefined && (k === key || (!k.startsWith('#') && !key.startsWith('#') && normaliseName(k) === normaliseName(key)));
  const out: ImportMapping = { ...m };
  const columns = Object.fromEntries(Object.entries(m.columns ?? {}).filter(([k]) => !same(k)));
  const ignore = (m.ignore ?? []).filter((k) => !same(k));
  if (same(out.caseIdColumn)) delete out.caseIdColumn;
  if (same(out.completeColumn)) delete out.completeColumn;
  if (choice === 'ignore') columns[key] = null;
  else if (choice === 'caseId') out.caseIdColumn = key;
  else if (choice === 'complete') out.completeColumn = key;
  else if (choice.startsWith('v:') || choice.startsWith('o:')) columns[key] = choice.slice(2);
  if (Object.keys(columns).length > 0) out.columns = columns;
  else delete out.columns;
  if (ignore.length > 0) out.ignore = ignore;
  else delete out.ignore;
  return out;
}

/**
 * Returns a copy of `m` with the label of `variable` resolved to `code` ('' removes the resolution).
 * @param m the mapping; @param variable the variable name; @param label the answer as it is in the file
 */
export function withLabel(m: ImportMapping, variable: string, label: string, code: string): ImportMapping {
  const labels: Record<string, Record<string, string>> = { ...(m.labels ?? {}) };
  const forVar = { ...(labels[variable] ?? {}) };
  if (code === '') delete forVar[label];
  else forVar[label] = code;
  if (Object.keys(forVar).length > 0) labels[variable] = forVar;
  else delete labels[variable];
  const out: ImportMapping = { ...m, labels };
  if (Object.keys(labels).length === 0) delete out.labels;
  return out;
}

/** Creates the import slice (zustand slices pattern). */
export const createImportSlice: StateCreator<AppState, [], [], ImportSlice> = (set, get) => {
  const readInput = () => {
    const f = get().importForm;
    return {
      file: f.file.trim(),
      encoding: f.encoding,
      ...(f.sheet !== '' ? { sheet: f.sheet } : {}),
      ...(f.headerRows !== null ? { headerRows: f.headerRows } : {}),
      ...(f.mappingName.trim() !== '' ? { mappingName: f.mappingName.trim() } : {}),
    };
  };
  const runInput = () => ({ ...readInput(), mapping: get().importMapping, onDuplicate: get().importForm.onDuplicate });
  /** Runs one backend step with the busy flag; a failure is kept in importError. */
  async function step(action: () => Promise<void>): Promise<boolean> {
    set({ importBusy: true, importError: null });
    try {
      await action();
      return true;
    } catch (err) {
      set({ importError: toResultError(err) });
      return false;
    } finally {
      set({ importBusy: false });
    }
  }
  const currentKey = () => checkKey(get().importForm, get().importMapping, get().importMappings);
  /** Dry-runs the current input; the report is kept only if nothing changed while it ran. */
  const dryRun = async () => {
    const key = currentKey();
    const report = await invoke('import.dryRun', runInput());
    if (currentKey() === key) set({ importReport: report, importCheckedKey: key, importResult: null });
  };
  /** Forgets the report (and the file facts when `info`): it no longer describes what would be imported. */
  const clearReport = (info: boolean) =>
    set({ importReport: null, importCheckedKey: null, importResult: null, importMappingSavedAt: null, ...(info ? { importInfo: null } : {}) });
  return {
    importForm: EMPTY_FORM,
    importMapping: {},
    importQn: null,
    importMappings: [],
    importInfo: null,
    importReport: null,
    importCheckedKey: null,
    importResult: null,
    importBusy: false,
    importError: null,
    importMappingSavedAt: null,
    async loadImportSetup() {
      await step(async () => {
        const [q, mappings] = await Promise.all([invoke('questionnaire.get', {}), invoke('import.listMappings', {})]);
        set({ importQn: q?.questionnaire ?? null, importMappings: mappings });
      });
    },
    setImportForm(patch) {
      const before = get().importForm;
      const form = { ...before, ...patch };
      const fileChanged = form.file.trim() !== before.file.trim();
      const readChanged = readKey(form, get().importMappings) !== readKey(before, get().importMappings);
      set({ importForm: form });
      // A report of another file or other reading options must not stay on screen (nor be committed).
      if (readChanged && !get().importResult) clearReport(fileChanged);
    },
    async checkImportFile() {
      if (get().importForm.file.trim() === '') return;
      // The old report goes first: a failed read leaves nothing of the previous file to commit.
      clearReport(true);
      await step(async () => {
        const key = currentKey();
        const info = await invoke('import.inspectFile', readInput());
        if (currentKey() !== key) return;
        set({ importInfo: info });
        await dryRun();
      });
    },
    async dryRunImport() {
      await step(dryRun);
    },
    async setImportColumn(col, header, choice) {
      const headers = get().importInfo?.header ?? [];
      set({ importMapping: withColumnChoice(get().importMapping, columnKey(header, col, headers), choice) });
      await step(dryRun);
    },
    async setImportLabel(variable, label, code) {
      set({ importMapping: withLabel(get().importMapping, variable, label, code) });
      await step(dryRun);
    },
    async saveImportMapping() {
      const name = get().importForm.mappingName.trim();
      const mapping = get().importReport?.mapping ?? get().importMapping;
      if (name === '') return;
      await step(async () => {
        const wasCurrent = importReportCurrent(get());
        const saved = await invoke('import.saveMapping', { name, mapping });
        const mappings = await invoke('import.listMappings', {});
        set({ importMappingSavedAt: saved.savedAt, importMappings: mappings });
        // The saved mapping is the dry run's effective one; merging the same explicit mapping over it again gives it
        // back (the merge is idempotent), so the report still describes what would be imported.
        if (wasCurrent && mapping === get().importReport?.mapping) set({ importCheckedKey: currentKey() });
      });
    },
    async commitImport() {
      // Only exactly what the report on screen checked may be imported.
      if (!importReportCurrent(get()) || !get().importReport?.valid) return false;
      return step(async () => {
        // The file as the report on screen read it: changed on disk since, it is refused (import.file.changed).
        const result = await invoke('import.run', { ...runInput(), operator: get().operator.trim() || 'import', expectedSha256: get().importReport!.sha256 });
        set({ importResult: result });
        const mappings = await invoke('import.listMappings', {});
        set({ importMappings: mappings });
        await get().refreshProject();
        await get().loadCases(0);
      });
    },
    clearImportError() {
      set({ importError: null });
    },
    resetImport() {
      set({ importForm: { ...EMPTY_FORM, mappingName: get().importForm.mappingName }, importMapping: {}, importInfo: null, importReport: null, importCheckedKey: null, importResult: null, importError: null, importMappingSavedAt: null });
    },
  };
};
