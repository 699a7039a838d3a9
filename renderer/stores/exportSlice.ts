// Export slice: the export form (sheets, weight, statuses, filter, identifiers, files), profiles and the running job.
import type { StateCreator } from 'zustand';
import type { ExportJobStatus, ExportOptionsOutput, ExportProfile, ExportTables, StoredExportProfile } from '../../shared/contract/export';
import type { ResultError } from '../../shared/contract/result';
import type { SheetId } from '../../shared/export/layout';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';

/** A case status that can be exported. */
export type ExportStatusId = 'open' | 'complete' | 'verified';

/** Which of the two data sheets to write: codes (Data), labels (Labels) or both. */
export type CodesOrLabels = 'both' | 'codes' | 'labels';

/** The choices of the export form; file paths are per run, the rest can be saved as a profile. */
export interface ExportDraft {
  sheets: SheetId[];
  includeIdentifiers: boolean;
  weight: string | null;
  statuses: ExportStatusId[];
  filter: { variable: string; codes: string[] } | null;
  /** The .xlsx to write ('' until chosen). */
  path: string;
  /** CSV locale, or null for no CSV. The CSV and .sps are written beside the workbook. */
  csv: 'nl' | 'intl' | null;
  sps: boolean;
  /**
   * Report tables of the Tables sheet, or null for none. While the form is being filled `variables` may be empty;
   * {@link tablesOf} gives what is sent (nothing until a grouping variable and at least one variable are chosen).
   */
  tables: ExportTables | null;
}

/** Default small-cell threshold of the report tables (issue 8: cells with n below 10 flagged or suppressed). */
export const DEFAULT_MIN_N = 10;

/** The report tables a draft asks for: null unless a grouping variable and at least one other variable are chosen. */
export function tablesOf(d: Pick<ExportDraft, 'tables'>): ExportTables | null {
  const t = d.tables;
  if (!t || t.by === '' || t.variables.length === 0) return null;
  return t;
}

/** How often the running job is asked for its progress (ms). */
export const EXPORT_POLL_MS = 250;

const ALL_STATUSES: ExportStatusId[] = ['open', 'complete', 'verified'];

/** The default draft: the default sheets, all statuses, no weight or filter, identifiers left out. */
export function defaultExportDraft(options: ExportOptionsOutput | null): ExportDraft {
  return {
    sheets: options ? options.sheets.filter((s) => s.default).map((s) => s.id) : [],
    includeIdentifiers: false,
    weight: null,
    statuses: [...ALL_STATUSES],
    filter: null,
    path: options ? joinPath(options.projectDir, options.suggestedName) : '',
    csv: null,
    sps: false,
    tables: null,
  };
}

/** Joins a folder and a file name with the folder's own separator. */
function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/** The path beside `xlsx` with another extension (`x.xlsx` → `x.csv`). */
export function besidePath(xlsx: string, ext: 'csv' | 'sps'): string {
  return `${xlsx.replace(/\.xlsx$/i, '')}.${ext}`;
}

/** Whether the draft writes the Data sheet, the Labels sheet or both. */
export function codesOrLabels(sheets: readonly SheetId[]): CodesOrLabels {
  const d = sheets.includes('data');
  const l = sheets.includes('labels');
  return d && !l ? 'codes' : l && !d ? 'labels' : 'both';
}

/** The profile form of a draft (no paths). */
export function profileOf(name: string, d: ExportDraft): ExportProfile {
  return { name, sheets: d.sheets, includeIdentifiers: d.includeIdentifiers, weight: d.weight, statuses: d.statuses, filter: d.filter, tables: tablesOf(d), csv: d.csv, sps: d.sps };
}

/** Report tables as a comparable text, defaults filled in (minN 10, flag, unweighted). */
function tablesKey(t: ExportTables | null | undefined): string {
  if (!t) return '';
  return JSON.stringify([t.variables, t.by, t.weight ?? null, t.minN ?? DEFAULT_MIN_N, t.smallCells ?? 'flag', t.indicators ?? []]);
}

/** Whether a draft's choices equal a saved profile's (sheet and status order ignored). */
export function sameChoices(a: ExportProfile, b: ExportProfile): boolean {
  const set = (xs: readonly string[]) => [...xs].sort().join(',');
  const filter = (f: ExportProfile['filter']) => (f ? `${f.variable}=${set(f.codes)}` : '');
  return (
    set(a.sheets) === set(b.sheets) &&
    a.includeIdentifiers === b.includeIdentifiers &&
    a.weight === b.weight &&
    set(a.statuses) === set(b.statuses) &&
    filter(a.filter) === filter(b.filter) &&
    a.csv === b.csv &&
    a.sps === b.sps &&
    tablesKey(a.tables) === tablesKey(b.tables)
  );
}

/** State and actions of the export slice. Survey data are never held here; the project file is the truth. */
export interface ExportSlice {
  exportOptions: ExportOptionsOutput | null;
  exportProfiles: StoredExportProfile[] | null;
  /** The project the options were loaded for (reload when another project opens). */
  exportProjectPath: string | null;
  exportDraft: ExportDraft;
  /** The profile last applied or saved ('' for none). */
  exportProfileName: string;
  exportJob: ExportJobStatus | null;
  /** The last error of an export action (shown in the export area). */
  exportError: ResultError | null;
  exportLoading: boolean;
  /** Loads what the form can offer and the saved profiles; resets the draft when the project changed. */
  loadExport(): Promise<void>;
  setExportDraft(patch: Partial<ExportDraft>): void;
  applyExportProfile(name: string): void;
  saveExportProfile(name: string): Promise<void>;
  deleteExportProfile(name: string): Promise<void>;
  /** Starts the export and follows it until it is done, failed or cancelled. */
  startExport(): Promise<void>;
  cancelExport(): Promise<void>;
  clearExportError(): void;
  resetExport(): void;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Creates the export slice (zustand slices pattern). */
export const createExportSlice: StateCreator<AppState, [], [], ExportSlice> = (set, get) => ({
  exportOptions: null,
  exportProfiles: null,
  exportProjectPath: null,
  exportDraft: defaultExportDraft(null),
  exportProfileName: '',
  exportJob: null,
  exportError: null,
  exportLoading: false,
  async loadExport() {
    const projectPath = get().project?.path ?? null;
    set({ exportLoading: true });
    try {
      const [options, profiles] = await Promise.all([invoke('export.options', {}), invoke('export.listProfiles', {})]);
      const changed = get().exportProjectPath !== projectPath;
      set({
        exportOptions: options,
        exportProfiles: profiles,
        exportProjectPath: projectPath,
        ...(changed ? { exportDraft: defaultExportDraft(options), exportJob: null, exportProfileName: '', exportError: null } : {}),
      });
      if (!changed && get().exportDraft.path === '') set({ exportDraft: { ...get().exportDraft, path: defaultExportDraft(options).path } });
      // A project opened here starts with its default profile applied (as `veldwerk export` without --profile).
      if (changed && options.defaultProfile) get().applyExportProfile(options.defaultProfile);
    } catch (err) {
      set({ exportError: toResultError(err) });
    } finally {
      set({ exportLoading: false });
    }
  },
  setExportDraft(patch) {
    set({ exportDraft: { ...get().exportDraft, ...patch } });
  },
  applyExportProfile(name) {
    const p = get().exportProfiles?.find((x) => x.name === name);
    if (!p) return;
    const d = get().exportDraft;
    set({
      exportProfileName: p.name,
      exportDraft: { ...d, sheets: [...p.sheets], includeIdentifiers: p.includeIdentifiers, weight: p.weight, statuses: [...p.statuses], filter: p.filter ? { variable: p.filter.variable, codes: [...p.filter.codes] } : null, csv: p.csv, sps: p.sps, tables: p.tables ? structuredClone(p.tables) : null },
    });
  },
  async saveExportProfile(name) {
    try {
      const profiles = await invoke('export.saveProfile', { profile: profileOf(name.trim(), get().exportDraft) });
      set({ exportProfiles: profiles, exportProfileName: name.trim(), exportError: null });
    } catch (err) {
      set({ exportError: toResultError(err) });
    }
  },
  async deleteExportProfile(name) {
    try {
      const profiles = await invoke('export.deleteProfile', { name });
      set({ exportProfiles: profiles, exportProfileName: get().exportProfileName === name ? '' : get().exportProfileName, exportError: null });
    } catch (err) {
      set({ exportError: toResultError(err) });
    }
  },
  async startExport() {
    const d = get().exportDraft;
    const applied = get().exportProfiles?.find((p) => p.name === get().exportProfileName);
    const profile = applied ? applied.name + (sameChoices(profileOf(applied.name, d), applied) ? '' : ' (changed)') : undefined;
    set({ exportError: null, exportJob: null });
    try {
      let job = await invoke('export.start', {
        path: d.path.trim(),
        sheets: d.sheets.length > 0 ? d.sheets : ['info'],
        includeIdentifiers: d.includeIdentifiers,
        statuses: d.statuses,
        ...(d.weight ? { weight: d.weight } : {}),
        ...(d.filter && d.filter.codes.length > 0 ? { filter: d.filter } : {}),
        ...(tablesOf(d) && d.sheets.includes('tables') ? { tables: tablesOf(d)! } : {}),
        ...(d.csv ? { csv: { path: besidePath(d.path.trim(), 'csv'), locale: d.csv } } : {}),
        ...(d.csv && d.sps ? { sps: { path: besidePath(d.path.trim(), 'sps') } } : {}),
        ...(profile ? { profile } : {}),
      });
      set({ exportJob: job });
      while (job.state === 'running') {
        await wait(EXPORT_POLL_MS);
        job = await invoke('export.status', { jobId: job.jobId });
        set({ exportJob: job });
      }
      if (job.state === 'failed' && job.error) set({ exportError: { code: job.error.code, message: job.error.message } });
      if (job.state === 'done') void get().loadExport();
    } catch (err) {
      set({ exportError: toResultError(err) });
    }
  },
  async cancelExport() {
    const job = get().exportJob;
    if (!job || job.state !== 'running') return;
    try {
      set({ exportJob: await invoke('export.cancel', { jobId: job.jobId }) });
    } catch (err) {
      set({ exportError: toResultError(err) });
    }
  },
  clearExportError() {
    set({ exportError: null });
  },
  resetExport() {
    set({ exportOptions: null, exportProfiles: null, exportProjectPath: null, exportDraft: defaultExportDraft(null), exportProfileName: '', exportJob: null, exportError: null });
  },
});
