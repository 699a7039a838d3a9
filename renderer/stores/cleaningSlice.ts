// Cleaning slice: the rule run summary, the paged violation list with filters, the opened case, edit rules and exclusions, via renderer/api.
import type { StateCreator } from 'zustand';
import type { Input, Output } from '../../shared/contract/api';
import type { CleaningRunOutput, EditRuleInput } from '../../shared/contract/cleaning';
import type { ResultError } from '../../shared/contract/result';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';
import { undoNotice } from '../features/cleaning/undoNotice';

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
export const CLEANING_TABS = ['violations', 'rules', 'derived', 'exclusions', 'audit'] as const;
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

/** One entry of the audit log as the Auditlog tab lists it. */
export type AuditRow = Output<'cleaning.audit'>['rows'][number];
/** A derived variable (name, expression, label, value labels). */
export type DerivedRow = Output<'cleaning.derived'>[number];
/** What the last definition of a derived variable computed (`cleaning.derive`'s preview). */
export type DerivedPreview = NonNullable<Output<'cleaning.derive'>['preview']> & { name: string };

/** The filters of the audit list (empty = no filter); `from`/`to` are local dates YYYY-MM-DD, both inclusive. */
export interface AuditFilter {
  caseId: string;
  variable: string;
  operator: string;
  source: '' | Input<'cleaning.audit'>['source'] & string;
  from: string;
  to: string;
  text: string;
}

/** Rows fetched per request of the audit list. */
export const AUDIT_PAGE = 200;

/** The empty audit filter. */
export const NO_AUDIT_FILTER: AuditFilter = { caseId: '', variable: '', operator: '', source: '', from: '', to: '', text: '' };

/**
 * The violation list's filter as the backend's channels take it: text fields trimmed, empty ones left out.
 * @param f the filter as the form holds it; @param withStatus false to leave the status out
 * @returns rule, variable, severity, batch and (unless left out) status
 */
export function violationFilterInput(f: ViolationFilter, withStatus = true) {
  return {
    ...(f.ruleId ? { ruleId: f.ruleId } : {}),
    ...(f.variable.trim() ? { variable: f.variable.trim() } : {}),
    ...(f.severity ? { severity: f.severity } : {}),
    ...(f.batch.trim() ? { batch: f.batch.trim() } : {}),
    ...(withStatus && f.status ? { status: f.status } : {}),
  };
}

/**
 * The `cleaning.audit` input of a filter: text fields trimmed (empty ones left out), local dates turned into instants
 * (from = local midnight starting that day; to = local midnight ending that day, exclusive).
 * @param f the filter as the form holds it; @returns the channel's filter fields (no paging)
 */
export function auditFilterInput(f: AuditFilter): Omit<Input<'cleaning.audit'>, 'offset' | 'limit'> {
  const day = (iso: string, add: number): string | undefined => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + add).toISOString() : undefined;
  };
  const from = day(f.from, 0);
  const to = day(f.to, 1);
  return {
    ...(f.caseId.trim() ? { caseId: f.caseId.trim() } : {}),
    ...(f.variable.trim() ? { variable: f.variable.trim() } : {}),
    ...(f.operator.trim() ? { operator: f.operator.trim() } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
  };
}

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
  /** Every rule ID among the stored violations (also of a run in an earlier session): the rule filter's choices. */
  storedRuleIds: readonly string[];
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
  /**
   * Opens a case typed by its ID (with or without violations, e.g. one a weighting refusal names).
   * @returns 'opened', 'notFound' (no such case; no alert is raised, the field says so) or 'error' (shown in the alert)
   */
  openCleaningCaseById(caseId: string): Promise<'opened' | 'notFound' | 'error'>;
  /** The answered variables a correction of the opened case to `value` would put off route (empty on any error). */
  correctionRouteEffect(variable: string, value: string | null): Promise<Output<'cleaning.routeEffect'>['offRoute']>;
  closeCleaningCase(): void;
  /** Corrects a value of the opened case; `clearOffRoute` empties the answers it puts off route in the same action. */
  correctValue(input: { variable: string; value: string | null; reason: string; clearOffRoute?: boolean }): Promise<boolean>;
  undoCorrection(correctionId: number, reason: string): Promise<boolean>;
  acceptViolation(ruleId: string, reason: string): Promise<boolean>;
  /** Withdraws the acceptance of a warning on the opened case (the warning is open again). */
  withdrawAcceptance(ruleId: string, reason: string): Promise<boolean>;
  /**
   * Accepts every open warning (or withdraws every acceptance) of the list under its current filter with one reason;
   * `expected` and `digest` are the count and set the operator confirmed (`cleaning.bulkPreview`). Resolves with the
   * number changed, or an error to show in the form.
   */
  bulkAcceptance(kind: 'accept' | 'withdraw', reason: string, expected: number, digest: string): Promise<{ count: number } | { error: ResultError }>;
  excludeCase(reasonCode: ExclusionReason, reason: string): Promise<boolean>;
  includeCase(reason: string): Promise<boolean>;
  loadCleaningRules(): Promise<void>;
  /** Saves a rule (replacing one of the same name); resolves with the failures of its own examples, or null on error. */
  saveCleaningRule(rule: EditRuleInput): Promise<CleaningRules['ruleTests'] | null>;
  deleteCleaningRule(name: string): Promise<boolean>;
  loadExclusions(): Promise<void>;
  auditFilter: AuditFilter;
  /** Total of the filtered audit list, or null before the first load. */
  auditTotal: number | null;
  /** Loaded pages of the audit list by page number ({@link AUDIT_PAGE} rows each). */
  auditPages: Readonly<Record<number, readonly AuditRow[]>>;
  auditGeneration: number;
  /** Every operator name in the audit log (suggestions of the operator filter, which matches part of a name). */
  auditOperators: readonly string[];
  activeAudit: number;
  setActiveAudit(index: number): void;
  setAuditFilter(patch: Partial<AuditFilter>): void;
  /** Drops the loaded audit pages and reads the first page again. */
  reloadAudit(): Promise<void>;
  /** Loads the audit pages covering rows [from, to) that are not loaded yet. */
  ensureAudit(from: number, to: number): Promise<void>;
  /** Undoes a correction from the audit list (a new entry); the audit list, violations and opened case are re-read. */
  undoFromAudit(correctionId: number, reason: string): Promise<boolean>;
  /** The derived variables, or null before loading. */
  cleaningDerived: DerivedRow[] | null;
  /** What the last saved definition computed. */
  derivedPreview: DerivedPreview | null;
  loadDerived(): Promise<void>;
  /** Defines or replaces a derived variable; resolves true when stored. */
  saveDerived(d: { name: string; expression: string; label: string; valueLabels?: { code: string; label: string }[] }): Promise<boolean>;
  deleteDerived(name: string): Promise<boolean>;
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

  async function loadPage(page: number): Promise<void> {
    const gen = get().violationGeneration;
    const key = `${gen}:${page}`;
    if (loading.has(key)) return;
    loading.add(key);
    try {
      const res = await invoke('cleaning.violations', { ...violationFilterInput(get().cleaningFilter), offset: page * VIOLATION_PAGE, limit: VIOLATION_PAGE });
      if (get().violationGeneration !== gen) return;
      set({ violationTotal: res.total, violationPages: { ...get().violationPages, [page]: res.rows }, storedRuleIds: res.ruleIds });
    } catch (err) {
      set({ cleaningError: toResultError(err) });
    } finally {
      loading.delete(key);
    }
  }

  async function loadAuditPage(page: number): Promise<void> {
    const gen = get().auditGeneration;
    const key = `audit:${gen}:${page}`;
    if (loading.has(key)) return;
    loading.add(key);
    try {
      const res = await invoke('cleaning.audit', { ...auditFilterInput(get().auditFilter), offset: page * AUDIT_PAGE, limit: AUDIT_PAGE });
      if (get().auditGeneration !== gen) return;
      set({ auditTotal: res.total, auditPages: { ...get().auditPages, [page]: res.rows }, auditOperators: res.operators });
    } catch (err) {
      set({ cleaningError: toResultError(err) });
    } finally {
      loading.delete(key);
    }
  }

  /**
   * The run summary with the backend's new count of accepted warnings (after an accept or withdrawal, single or bulk),
   * so it follows at once; nothing when no run is shown.
   */
  function acceptedTotalPatch(acceptedTotal: number) {
    const run = get().cleaningRun;
    return run ? { cleaningRun: { ...run, totals: { ...run.totals, accepted: acceptedTotal } } } : {};
  }

  /** Re-reads the opened case and the list after a change to it. */
  async function refreshAfterChange(): Promise<void> {
    const c = get().cleaningCase;
    await Promise.all([get().reloadViolations(), c ? get().openCleaningCase(c.caseId) : Promise.resolve()]);
  }

  return {
    cleaningTab: 'violations',
    setCleaningTab(tab) {
      // What the last action did belongs to the tab it was done in.
      // So does a refusal: its alert does not follow the operator to another tab.
      set(tab === get().cleaningTab ? {} : { cleaningTab: tab, cleaningNotice: null, cleaningError: null });
    },
    cleaningRun: null,
    cleaningRunning: false,
    cleaningFilter: NO_FILTER,
    violationTotal: null,
    violationPages: {},
    storedRuleIds: [],
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
    async openCleaningCaseById(caseId) {
      try {
        const [c, v] = await Promise.all([invoke('cleaning.case', { caseId }), invoke('cleaning.violations', { caseId, limit: 1000 })]);
        set({ cleaningCase: c, cleaningCaseViolations: v.rows, cleaningError: null });
        return 'opened';
      } catch (err) {
        const e = toResultError(err);
        if (e.code === 'NOT_FOUND') return 'notFound';
        set({ cleaningError: e });
        return 'error';
      }
    },
    async correctionRouteEffect(variable, value) {
      const c = get().cleaningCase;
      if (!c) return [];
      try {
        return (await invoke('cleaning.routeEffect', { caseId: c.caseId, variable, value })).offRoute;
      } catch {
        return []; // the correction itself decides again and reports any refusal
      }
    },
    closeCleaningCase() {
      set({ cleaningCase: null, cleaningCaseViolations: [] });
    },
    async correctValue({ variable, value, reason, clearOffRoute }) {
      const c = get().cleaningCase;
      if (!c) return false;
      return act(async () => {
        const r = await invoke('cleaning.correct', { caseId: c.caseId, variable, value, reason, operator: operator(), clearOffRoute: clearOffRoute === true });
        await refreshAfterChange();
        set({ cleaningNotice: `correct:${variable}:${r.oldValue ?? ''}:${r.newValue ?? ''}:${r.cleared.length}` });
      });
    },
    async undoCorrection(correctionId, reason) {
      return act(async () => {
        const r = await invoke('cleaning.undo', { correctionId, reason, operator: operator() });
        await refreshAfterChange();
        set({ cleaningNotice: undoNotice(r) });
      });
    },
    async acceptViolation(ruleId, reason) {
      const c = get().cleaningCase;
      if (!c) return false;
      return act(async () => {
        const r = await invoke('cleaning.accept', { caseId: c.caseId, ruleId, reason, operator: operator() });
        await refreshAfterChange();
        set({ cleaningNotice: 'accept', ...acceptedTotalPatch(r.acceptedTotal) });
      });
    },
    async withdrawAcceptance(ruleId, reason) {
      const c = get().cleaningCase;
      if (!c) return false;
      return act(async () => {
        const r = await invoke('cleaning.withdraw', { caseId: c.caseId, ruleId, reason, operator: operator() });
        await refreshAfterChange();
        set({ cleaningNotice: 'withdraw', ...acceptedTotalPatch(r.acceptedTotal) });
      });
    },
    async bulkAcceptance(kind, reason, expected, digest) {
      const filter = violationFilterInput(get().cleaningFilter);
      set({ cleaningBusy: true, cleaningError: null, cleaningNotice: null });
      try {
        const input = { filter, reason, operator: operator(), expected, digest };
        const r = kind === 'accept' ? await invoke('cleaning.acceptFiltered', input) : await invoke('cleaning.withdrawFiltered', input);
        await refreshAfterChange();
        set(acceptedTotalPatch(r.acceptedTotal));
        return { count: 'accepted' in r ? r.accepted : r.withdrawn };
      } catch (err) {
        return { error: toResultError(err) };
      } finally {
        set({ cleaningBusy: false });
      }
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
    auditFilter: NO_AUDIT_FILTER,
    auditTotal: null,
    auditPages: {},
    auditGeneration: 0,
    auditOperators: [],
    activeAudit: 0,
    setActiveAudit(index) {
      set({ activeAudit: index });
    },
    setAuditFilter(patch) {
      set({ auditFilter: { ...get().auditFilter, ...patch }, activeAudit: 0 });
      void get().reloadAudit();
    },
    async reloadAudit() {
      set({ auditGeneration: get().auditGeneration + 1, auditPages: {} });
      await loadAuditPage(0);
      const total = get().auditTotal ?? 0;
      if (get().activeAudit >= total) set({ activeAudit: Math.max(0, total - 1) });
    },
    async ensureAudit(from, to) {
      const first = Math.max(0, Math.floor(from / AUDIT_PAGE));
      const last = Math.max(first, Math.floor(Math.max(from, to - 1) / AUDIT_PAGE));
      const pages = get().auditPages;
      const wanted: number[] = [];
      for (let p = first; p <= last; p++) if (!pages[p]) wanted.push(p);
      await Promise.all(wanted.map(loadAuditPage));
    },
    async undoFromAudit(correctionId, reason) {
      return act(async () => {
        const r = await invoke('cleaning.undo', { correctionId, reason, operator: operator() });
        set({ activeAudit: 0 });
        await Promise.all([get().reloadAudit(), refreshAfterChange()]);
        set({ cleaningNotice: undoNotice(r) });
      });
    },
    cleaningDerived: null,
    derivedPreview: null,
    async loadDerived() {
      try {
        set({ cleaningDerived: await invoke('cleaning.derived', {}) });
      } catch (err) {
        set({ cleaningError: toResultError(err) });
      }
    },
    async saveDerived({ name, expression, label, valueLabels }) {
      return act(async () => {
        const r = await invoke('cleaning.derive', { name, expression, label, valueLabels: valueLabels ?? [], operator: operator() });
        set({ cleaningDerived: r.derived, derivedPreview: r.preview ? { ...r.preview, name } : null, cleaningNotice: 'derivedSaved' });
      });
    },
    async deleteDerived(name) {
      return act(async () => {
        const r = await invoke('cleaning.derive', { name, expression: null, operator: operator() });
        set({ cleaningDerived: r.derived, derivedPreview: null, cleaningNotice: 'derivedDeleted' });
      });
    },
    clearCleaningError() {
      set({ cleaningError: null });
    },
    resetCleaning() {
      set({
        cleaningRun: null, cleaningFilter: NO_FILTER, violationTotal: null, violationPages: {}, storedRuleIds: [], violationGeneration: get().violationGeneration + 1, activeViolation: 0,
        cleaningCase: null, cleaningCaseViolations: [], cleaningError: null, cleaningNotice: null, cleaningRules: null, cleaningExclusions: null,
        auditFilter: NO_AUDIT_FILTER, auditTotal: null, auditPages: {}, auditGeneration: get().auditGeneration + 1, activeAudit: 0, cleaningDerived: null, derivedPreview: null,
      });
    },
  };
};
