// Entry slice: the keying session (operator, carry-forward batch and date), the opened form and its commit queue, via renderer/api.
import type { StateCreator } from 'zustand';
import type { Output } from '../../shared/contract/api';
import type { ResultError } from '../../shared/contract/result';
import { invoke, toResultError } from '../api/client';
import type { AppState } from './index';

/** Where the operator is: identifying the next form, keying it, or reading its summary. */
export type EntryPhase = 'identify' | 'form' | 'summary';

/** Keystrokes and active time since the previous commit (pauses over 10 s are not counted). */
export interface Effort {
  keystrokes: number;
  activeMs: number;
}

/** State and actions of the entry slice. Survey data is never kept here beyond the open form. */
export interface EntrySlice {
  entryOperator: string;
  /** 1 = first keying, 2 = blind re-keying for verification. */
  entryPass: 1 | 2;
  /** Carry-forward fields: filled from the previous form. */
  entryBatch: string;
  entryReceivedOn: string;
  entryPhase: EntryPhase;
  entryCase: Output<'entry.openCase'> | null;
  entrySummary: Output<'entry.finishCase'> | null;
  /** Field commits sent but not yet acknowledged by the backend. */
  entryPending: number;
  /** Fields of the open form with a value stored in the backend (counted from the opened answers, then per commit). */
  entrySaved: number;
  entryError: ResultError | null;
  setEntryHeader(h: Partial<{ operator: string; batch: string; receivedOn: string; pass: 1 | 2 }>): void;
  /** Opens a form by typed case ID. Resolves true when the form is open. */
  openEntryCase(caseId: string): Promise<boolean>;
  /**
   * Commits one field (queued: commits reach the backend one after another, in keying order).
   * Resolves with the backend's answer, or null when the call failed (the error is in entryError).
   */
  saveEntryField(variable: string, value: string, via: 'typed' | 'noAnswer' | 'notLegible', effort: Effort, today: string): Promise<Output<'entry.saveField'> | null>;
  /** Confirms the soft check of a field (after its commit). */
  confirmEntryWarning(variable: string, today: string): Promise<boolean>;
  /** Waits for pending commits, finishes the form and shows its summary. */
  finishEntryCase(effort: Effort, today: string): Promise<boolean>;
  /** Back to identifying the next form (carry-forward fields kept). */
  nextEntryCase(): void;
  /** Back from the summary into the form. */
  resumeEntryForm(): void;
  setEntryError(e: ResultError | null): void;
}

/** Creates the entry slice (zustand slices pattern). */
export const createEntrySlice: StateCreator<AppState, [], [], EntrySlice> = (set, get) => {
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs calls of the open form one at a time, in order. */
  function enqueue<T>(run: () => Promise<T>): Promise<T> {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  }
  // The variables with a stored value in the open form: the header counts these (a re-keyed field counts once, and a
  // form opened again counts what it already holds).
  let stored = new Set<string>();
  const header = () => ({ operator: get().entryOperator.trim(), caseId: get().entryCase?.caseId ?? '', pass: get().entryCase?.pass ?? 1 });

  return {
    entryOperator: '',
    entryPass: 1,
    entryBatch: '',
    entryReceivedOn: '',
    entryPhase: 'identify',
    entryCase: null,
    entrySummary: null,
    entryPending: 0,
    entrySaved: 0,
    entryError: null,
    setEntryHeader(h) {
      set({
        ...(h.operator !== undefined ? { entryOperator: h.operator } : {}),
        ...(h.batch !== undefined ? { entryBatch: h.batch } : {}),
        ...(h.receivedOn !== undefined ? { entryReceivedOn: h.receivedOn } : {}),
        ...(h.pass !== undefined ? { entryPass: h.pass } : {}),
      });
    },
    async openEntryCase(caseId) {
      const s = get();
      set({ entryError: null });
      try {
        const opened = await invoke('entry.openCase', {
          operator: s.entryOperator.trim(),
          caseId,
          batch: s.entryBatch.trim() === '' ? null : s.entryBatch.trim(),
          receivedOn: s.entryReceivedOn === '' ? null : s.entryReceivedOn,
          pass: s.entryPass,
        });
        stored = new Set(Object.keys(opened.answers));
        set({ entryCase: opened, entryPhase: 'form', entrySummary: null, entrySaved: stored.size, entryPending: 0 });
        void get().refreshProject();
        return true;
      } catch (err) {
        set({ entryError: toResultError(err) });
        return false;
      }
    },
    saveEntryField(variable, value, via, effort, today) {
      const h = header();
      set((st) => ({ entryPending: st.entryPending + 1 }));
      return enqueue(async () => {
        try {
          const r = await invoke('entry.saveField', { ...h, variable, value, via, effort, today });
          if (r.accepted) {
            if (r.value === '') stored.delete(variable);
            else stored.add(variable);
            for (const c of r.cleared) stored.delete(c.variable);
            set({ entrySaved: stored.size });
          }
          return r;
        } catch (err) {
          set({ entryError: toResultError(err) });
          return null;
        } finally {
          set((st) => ({ entryPending: st.entryPending - 1 }));
        }
      });
    },
    confirmEntryWarning(variable, today) {
      const h = header();
      return enqueue(async () => {
        try {
          return (await invoke('entry.confirmWarning', { ...h, variable, today })).confirmed;
        } catch (err) {
          set({ entryError: toResultError(err) });
          return false;
        }
      });
    },
    finishEntryCase(effort, today) {
      const h = header();
      return enqueue(async () => {
        try {
          const summary = await invoke('entry.finishCase', { ...h, effort, today });
          set({ entrySummary: summary, entryPhase: 'summary' });
          void get().refreshProject();
          void get().loadCases(0);
          return true;
        } catch (err) {
          set({ entryError: toResultError(err) });
          return false;
        }
      });
    },
    nextEntryCase() {
      set({ entryPhase: 'identify', entryCase: null, entrySummary: null, entryError: null });
    },
    resumeEntryForm() {
      set({ entryPhase: 'form', entrySummary: null });
    },
    setEntryError(e) {
      set({ entryError: e });
    },
  };
};
