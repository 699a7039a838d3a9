// Cleaning slice: the rule run summary, the paged violation list with filters, the opened case, edit rules and exclusions, via renderer/api.
import type { StateCreator } from 'zustand';
import type { Output } from '../../shared/contract/api';
import type { CleaningRunOutput, EditRuleInput } from '../../shared/contract/cleaning';
import type { ResultError } from '../../shared/contract/result';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';

/** A stored violation as the list shows it. */
export type ViolationRow = Output<'cleaning.violations'>['rows'][number];
/** One case as the case panel shows it. */
export type CleaningCaseView = Output<'cleaning.case'>;
/** The edit rules with the failures of their example cases. */
export type CleaningRules = Output<'cleaning.rules'>;
/** One row of the exclusion register. */
export type ExclusionRow = Output<'cleaning.exclusions'>[number];
/** The reason codes of an exclusion. */
export const EXCLUSION_REASONS = ['duplicate', 'outOfScope', 'refused', 'tooIncomplete', 'testForm', 'other'] as const;
/** One of {@link EXCLUSION_REASONS}. */
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** The tabs of the Opschonen area, in display order. */
export const CLEANING_TABS = ['violations', 'rules', 'exclusions'] as const;
/** One of {@link CLEANING_TABS}. */
export type CleaningTab = (typeof CLEANING_TABS)[number];

/** The filters of the violation list (empty = no filter). */
export interface ViolationFilter {
  ruleId: string;
  variable: string;
  severity: '' | 'error' | 'warning';
  batch: string;
  status: '' | 'open' | 'accepted';
}

/** Rows fetched per request of the windowed list. */
export const VIOLATION_PAGE = 500;

const NO_FILTER: ViolationFilter = { ruleId: '', variable: '', severity: '', batch: '', status: '' };

/** State and actions of the cleaning slice. Survey data are never persisted here; the project file is the truth. */
export interface CleaningSlice {
  cleaningTab: CleaningTab;
  setCleaningTab(tab: CleaningTab): void;
  /** The last rule run (its counts stay as they were at the run; the list is live). */
  cleaningRun: CleaningRunOutput | null;
  cleaningRunning: boolean;
  cleaningFilter: ViolationFilter;
  /** Total of the filtered list, or null before the first load. */
  violationTotal: number | null;
  /** Loaded pages of the filtered list by page number ({@link VIOLATION_PAGE} rows each). */
  violationPages: Readonly<Record<number, readonly ViolationRow[]>>;
  /** Increases with every reset of the list (stale page answers are dropped). */
  violationGeneration: number;
  /** Index of the highlighted row in the list. */
  activeViolation: number;
  setActiveViolation(index: number): void;
  /** The case opened beside the list. */
  cleaningCase: CleaningCaseView | null;
  cleaningCaseViolations: ViolationRow[];
  cleaningBusy: boolean;
  cleaningError: ResultError | null;
  /** What the last action did (shown until the next one). */
  cleaningNotice: string | null;
  cleaningRules: CleaningRules | null;
  cleaningExclusions: ExclusionRow[] | null;
  /** Runs every rule over the dataset and reloads the list. */
  runCleaning(): Promise<void>;
  setCleaningFilter(patch: Partial<ViolationFilter>): void;
  /** Drops the loaded pages and reads the first page of the filtered list again. */
  reloadViolations(): Promise<void>;
  /** Loads the pages covering rows [from, to) that are not loaded yet. */
  ensureViolations(from: number, to: number): Promise<void>;
  /** Opens a case beside the list (its values, violations and corrections). */
  openCleaningCase(caseId: string): Promise<void>;
  closeCleaningCase(): void;
  correctValue(input: { variable: string; value: string | null; reason: string }): Promise<boolean>;
  undoCorrection(correctionId: number, reason: string): Promise<boolean>;
  acceptViolation(ruleId: string, reason: string): Promise<boolean>;
  excludeCase(reasonCode: ExclusionReason, reason: string): Promise<boolean>;
  includeCase(reason: string): Promise<boolean>;
  loadCleaningRules(): Promise<void>;
  /** Saves a rule (replacing one of the same name); resolves with the failures of its own examples, or null on error. */
  saveCleaningRule(rule: EditRuleInput): Promise<CleaningRules['ruleTests'] | null>;
  deleteCleaningRule(name: string): Promise<boolean>;
  loadExclusions(): Promise<void>;
  clearCleaningError(): void;
  resetCleaning(): void;
}

/** Creates the cleaning slice (zustand slices pattern). */
export const createCleaningSlice: StateCreator<AppState, [], [], CleaningSlice> = (set, get) => {
  const operator = () => get().operator.trim();
  const loading = new Set<string>();

  /** Runs an action with busy bookkeeping; errors go to the area's alert. */
  async function act(body: () => Promise<void>): Promise<boolean> {
    set({ cleaningBusy: true, cleaningError: null, cleaningNotice: null });
    try {
      await body();
      return true;
    } catch (err) {
      set({ cleaningError: toResultError(err) });
      return false;
    } finally {
      set({ cleaningBusy: false });
    }
  }

  function filterInput(f: ViolationFilter) {
    return {
      ...(f.ruleId ? { ruleId: f.ruleId } : {}),
      ...(f.variable.trim() ? { variable: f.variable.trim() } : {}),
      ...(f.severity ? { severity: f.severity } : {}),
      ...(f.batch.trim() ? { batch: f.batch.trim() } : {}),
      ...(f.status ? { status: f.status } : {}),
    };
  }

  async function loadPage(page: number): Promise<void> {
    const gen = get().violationGeneration;
    const key = `${gen}:${page}`;
    if (loading.has(key)) return;
    loading.add(key);
    try {
      const res = await invoke('cleaning.violations', { ...filterInput(get().cleaningFilter), offset: page * VIOLATION_PAGE, limit: VIOLATION_PAGE });
      if (get().violationGeneration !== gen) return;
      set({ violationTotal: res.total, violationPages: { ...get().violationPages, [page]: res.rows } });
    } catch (err) {
      set({ cleaningError: toResultError(err) });
    } finally {
      loading.delete(key);
    }
  }

  /** Re-reads the opened case and the list after a change to it. */
  async function refreshAfterChange(): Promise<void> {
    const c = get().cleaningCase;
    await Promise.all([get().reloadViolations(), c ? get().openCleaningCase(c.caseId) : Promise.resolve()]);
  }

  return {
    cleaningTab: 'violations',
    setCleaningTab(tab) {
      set({ cleaningTab: tab });
    },
    cleaningRun: null,
    cleaningRunning: false,
    cleaningFilter: NO_FILTER,
    violationTotal: null,
    violationPages: {},
    violationGeneration: 0,
    activeViolation: 0,
    setActiveViolation(index) {
      set({ activeViolation: index });
    },
    cleaningCase: null,
    cleaningCaseViolations: [],
    cleaningBusy: false,
    cleaningError: null,
    cleaningNotice: null,
    cleaningRules: null,
    cleaningExclusions: null,
    async runCleaning() {
      set({ cleaningRunning: true, cleaningError: null, cleaningNotice: null });
      try {
        const run = await invoke('cleaning.run', { ...(operator() ? { operator: operator() } : {}), limit: 1 });
        set({ cleaningRun: run });
        await get().reloadViolations();
        const c = get().cleaningCase;
        if (c) await get().openCleaningCase(c.caseId);
      } catch (err) {
        set({ cleaningError: toResultError(err) });
      } finally {
        set({ cleaningRunning: false });
      }
    },
    setCleaningFilter(patch) {
      set({ cleaningFilter: { ...get().cleaningFilter, ...patch }, activeViolation: 0 });
      void get().reloadViolations();
    },
    async reloadViolations() {
      set({ violationGeneration: get().violationGeneration + 1, violationPages: {} });
      await loadPage(0);
      const total = get().violationTotal ?? 0;
      if (get().activeViolation >= total) set({ activeViolation: Math.max(0, total - 1) });
    },
    async ensureViolations(from, to) {
      const first = Math.max(0, Math.floor(from / VIOLATION_PAGE));
      const last = Math.max(first, Math.floor(Math.max(from, to - 1) / VIOLATION_PAGE));
      const pages = get().violationPages;
      const wanted: number[] = [];
      for (let p = first; p <= last; p++) if (!pages[p]) wanted.push(p);
      await Promise.all(wanted.map(loadPage));
    },
    async openCleaningCase(caseId) {
      try {
        const [c, v] = await Promise.all([invoke('cleaning.case', { caseId }), invoke('cleaning.violations', { caseId, limit: 1000 })]);
        set({ cleaningCase: c, cleaningCaseViolations: v.rows });
      } catch (err) {
        set({ cleaningError: toResultError(err) });
      }
    },
    closeCleaningCase() {
      set({ cleaningCase: null, cleaningCaseViolations: [] });
    },
    async correctValue({ variable, value, reason }) {
      const c = get().cleaningCase;
      if (!c) return false;
      return act(async () => {
        const r = await invoke('cleaning.correct', { caseId: c.caseId, variable, value, reason, operator: operator() });
        await refreshAfterChange();
        set({ cleaningNotice: `correct:${variable}:${r.oldValue ?? ''}:${r.newValue ?? ''}` });
      });
    },
    async undoCorrection(correctionId, reason) {
      return act(async () => {
        await invoke('cleaning.undo', { correctionId, reason, operator: operator() });
        await refreshAfterChange();
        set({ cleaningNotice: 'undo' });
      });
    },
    async acceptViolation(ruleId, reason) {
      const c = get().cleaningCase;
      if (!c) return false;
      return act(async () => {
        await invoke('cleaning.accept', { caseId: c.caseId, ruleId, reason, operator: operator() });
        await refreshAfterChange();
        set({ cleaningNotice: 'accept' });
      });
    },
    async excludeCase(reasonCode, reason) {
      const c = get().cleaningCase;
      if (!c) return false;
      return act(async () => {
        await invoke('cleaning.exclude', { caseId: c.caseId, reasonCode, reason, operator: operator() });
        await Promise.all([refreshAfterChange(), get().cleaningExclusions ? get().loadExclusions() : Promise.resolve(), get().refreshProject()]);
        set({ cleaningNotice: 'exclude' });
      });
    },
    async includeCase(reason) {
      const c = get().cleaningCase;
      if (!c) return false;
      return act(async () => {
        await invoke('cleaning.include', { caseId: c.caseId, reason, operator: operator() });
        await Promise.all([refreshAfterChange(), get().cleaningExclusions ? get().loadExclusions() : Promise.resolve(), get().refreshProject()]);
        set({ cleaningNotice: 'include' });
      });
    },
    async loadCleaningRules() {
      try {
        set({ cleaningRules: await invoke('cleaning.rules', {}) });
      } catch (err) {
        set({ cleaningError: toResultError(err) });
      }
    },
    async saveCleaningRule(rule) {
      let failures: CleaningRules['ruleTests'] | null = null;
      await act(async () => {
        const r = await invoke('cleaning.saveRule', { rule, operator: operator() });
        failures = r.ruleTests.filter((f) => f.rule === rule.name);
        await get().loadCleaningRules();
        set({ cleaningNotice: 'ruleSaved' });
      });
      return failures;
    },
    async deleteCleaningRule(name) {
      return act(async () => {
        await invoke('cleaning.deleteRule', { name, operator: operator() });
        await get().loadCleaningRules();
        set({ cleaningNotice: 'ruleDeleted' });
      });
    },
    async loadExclusions() {
      try {
        set({ cleaningExclusions: await invoke('cleaning.exclusions', {}) });
      } catch (err) {
        set({ cleaningError: toResultError(err) });
      }
    },
    clearCleaningError() {
      set({ cleaningError: null });
    },
    resetCleaning() {
      set({
        cleaningRun: null, cleaningFilter: NO_FILTER, violationTotal: null, violationPages: {}, violationGeneration: get().violationGeneration + 1, activeViolation: 0,
        cleaningCase: null, cleaningCaseViolations: [], cleaningError: null, cleaningNotice: null, cleaningRules: null, cleaningExclusions: null,
      });
    },
  };
};
