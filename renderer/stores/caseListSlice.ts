// Case-list slice: one page of the case list, fetched from the backend on demand (never persisted).
import type { StateCreator } from 'zustand';
import type { CaseRow } from '../../shared/contract/schemas';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';

/** Rows per page of the case list; the table never renders more than this. */
export const CASE_PAGE_SIZE = 50;

/** State and actions of the case-list slice. */
export interface CaseListSlice {
  cases: { offset: number; total: number; rows: CaseRow[] } | null;
  casesLoading: boolean;
  /** Loads the page starting at `offset` (clamped to ≥ 0). */
  loadCases(offset: number): Promise<void>;
  resetCases(): void;
}

/** Creates the case-list slice (zustand slices pattern). */
export const createCaseListSlice: StateCreator<AppState, [], [], CaseListSlice> = (set) => ({
  cases: null,
  casesLoading: false,
  async loadCases(offset) {
    const start = Math.max(0, Math.floor(offset));
    set({ casesLoading: true });
    try {
      const page = await invoke('case.list', { offset: start, limit: CASE_PAGE_SIZE });
      set({ cases: { offset: start, total: page.total, rows: page.rows } });
    } catch (err) {
      set({ error: toResultError(err) });
    } finally {
      set({ casesLoading: false });
    }
  },
  resetCases() {
    set({ cases: null });
  },
});
