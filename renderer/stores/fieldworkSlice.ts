// Fieldwork slice: the operator name and the fieldwork overview (sample size, batches, dashboard) fetched on demand.
import type { StateCreator } from 'zustand';
import type { BatchRow, FieldworkReport } from '../../shared/contract/fieldwork';
import type { Output } from '../../shared/contract/api';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';

/** The tabs of the Veldwerk area, in display order. */
export const FIELDWORK_TABS = ['sample', 'batches', 'dashboard', 'dispositions', 'labels'] as const;
/** One of {@link FIELDWORK_TABS}. */
export type FieldworkTab = (typeof FIELDWORK_TABS)[number];

/** The eligibility estimate for RR3/RR4: estimated from the dispositions, or a given share in [0, 1]. */
export type EligibilitySetting = number | 'estimate';

const OPERATOR_KEY = 'veldwerk.operator';

/** The operator name remembered in localStorage ('' when none or storage is unavailable). */
function storedOperator(): string {
  try {
    return globalThis.localStorage?.getItem(OPERATOR_KEY) ?? '';
  } catch {
    return '';
  }
}

/** State and actions of the fieldwork slice. Survey data are never persisted here; the project file is the truth. */
export interface FieldworkSlice {
  /** Who works at this keyboard (recorded with every change); remembered across sessions. */
  operator: string;
  setOperator(name: string): void;
  fieldworkTab: FieldworkTab;
  setFieldworkTab(tab: FieldworkTab): void;
  /** Number of sampled cases, or null before the first load. */
  sampleTotal: number | null;
  batches: BatchRow[] | null;
  /** The batch shown in detail (by number), or null. */
  selectedBatch: string | null;
  selectBatch(number: string | null): void;
  report: FieldworkReport | null;
  /** The AAPOR disposition code list with Dutch and English labels (loaded once). */
  dispositionCodes: Output<'disposition.codes'> | null;
  eligibility: EligibilitySetting;
  fieldworkLoading: boolean;
  /** Loads sample size, batches and the dashboard report in one go. */
  loadFieldwork(): Promise<void>;
  loadBatches(): Promise<void>;
  loadReport(): Promise<void>;
  /** Sets `e` for RR3/RR4 and reloads the report. */
  setEligibility(e: EligibilitySetting): Promise<void>;
  resetFieldwork(): void;
}

/** Creates the fieldwork slice (zustand slices pattern). Load failures go to the shared error banner. */
export const createFieldworkSlice: StateCreator<AppState, [], [], FieldworkSlice> = (set, get) => ({
  operator: storedOperator(),
  setOperator(name) {
    set({ operator: name });
    try {
      globalThis.localStorage?.setItem(OPERATOR_KEY, name.trim());
    } catch {
      // storage may be disabled; the name still applies to this session
    }
  },
  fieldworkTab: 'sample',
  setFieldworkTab(tab) {
    set({ fieldworkTab: tab });
  },
  sampleTotal: null,
  batches: null,
  selectedBatch: null,
  selectBatch(number) {
    set({ selectedBatch: number });
  },
  report: null,
  dispositionCodes: null,
  eligibility: 'estimate',
  fieldworkLoading: false,
  async loadFieldwork() {
    set({ fieldworkLoading: true });
    try {
      const [page, batches, report, codes] = await Promise.all([
        invoke('sample.list', { offset: 0, limit: 1 }),
        invoke('batch.list', {}),
        invoke('fieldwork.report', { e: get().eligibility }),
        get().dispositionCodes ?? invoke('disposition.codes', {}),
      ]);
      set({ sampleTotal: page.total, batches, report, dispositionCodes: codes });
    } catch (err) {
      set({ error: toResultError(err) });
    } finally {
      set({ fieldworkLoading: false });
    }
  },
  async loadBatches() {
    try {
      set({ batches: await invoke('batch.list', {}) });
    } catch (err) {
      set({ error: toResultError(err) });
    }
  },
  async loadReport() {
    try {
      set({ report: await invoke('fieldwork.report', { e: get().eligibility }) });
    } catch (err) {
      set({ error: toResultError(err) });
    }
  },
  async setEligibility(e) {
    set({ eligibility: e });
    await get().loadReport();
  },
  resetFieldwork() {
    set({ sampleTotal: null, batches: null, selectedBatch: null, report: null, eligibility: 'estimate' });
  },
});
