// A hook for one backend action of a form: its busy flag, its failure, and a runner that sets both.
import { useState } from 'react';
import { toResultError } from '../../api/client';
import type { ResultError } from '../../../shared/contract/result';

/**
 * State of one form action. `attempt(work)` marks the action busy, runs `work`, turns a thrown
 * ApiError (or any error) into `failure`, and clears busy again; it never throws.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ResultError | null>(null);
  const attempt = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setFailure(toResultError(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, failure, setFailure, attempt };
}
