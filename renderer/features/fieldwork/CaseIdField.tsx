// A case-ID text field with instant check-digit and sample feedback via sample.checkId.
import { useEffect, useId, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../shared/contract/api';
import { invoke } from '../../api/client';
import { useDispositionLabel } from './useDispositionLabel';

/** The answer of sample.checkId for one typed text. */
export type CaseIdCheck = Output<'sample.checkId'>;

/** What the field knows about the text typed: nothing yet, waiting for the check, or the check's answer. */
export type CaseIdState = { kind: 'empty' } | { kind: 'checking' } | { kind: 'checked'; check: CaseIdCheck } | { kind: 'failed'; message: string };

// Stable objects, so effects keyed on the state do not re-run on every render.
const EMPTY: CaseIdState = { kind: 'empty' };
const CHECKING: CaseIdState = { kind: 'checking' };

/**
 * Checks `text` with sample.checkId as it is typed (latest answer wins; stale answers are dropped).
 * @returns the state for `text`
 */
export function useCaseIdCheck(text: string): CaseIdState {
  const [state, setState] = useState<{ text: string; state: CaseIdState }>({ text: '', state: EMPTY });
  const trimmed = text.trim();
  useEffect(() => {
    if (trimmed === '') return;
    let live = true;
    invoke('sample.checkId', { caseId: trimmed }).then(
      (check) => live && setState({ text: trimmed, state: { kind: 'checked', check } }),
      (err: unknown) => live && setState({ text: trimmed, state: { kind: 'failed', message: err instanceof Error ? err.message : String(err) } }),
    );
    return () => {
      live = false;
    };
  }, [trimmed]);
  if (trimmed === '') return EMPTY;
  return state.text === trimmed ? state.state : CHECKING;
}

/** True when the state is a valid ID that is in the sample. */
export function isUsableId(s: CaseIdState): s is { kind: 'checked'; check: CaseIdCheck & { caseId: string } } {
  return s.kind === 'checked' && s.check.valid && s.check.inSample && s.check.caseId !== null;
}

/** Props of {@link CaseIdField}. */
export interface CaseIdFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Called with the checked state when Enter is pressed. */
  onEnter?(state: CaseIdState): void;
  /** Report the state to the parent (e.g. to enable a button). */
  onState?(state: CaseIdState): void;
  inputRef?: Ref<HTMLInputElement>;
  hint?: string;
}

/** A labelled monospace case-ID input with a live (aria-live) verdict below it. */
export function CaseIdField({ label, value, onChange, onEnter, onState, inputRef, hint }: CaseIdFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const state = useCaseIdCheck(value);
  useEffect(() => {
    onState?.(state);
  }, [state, onState]);
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && onEnter) {
      e.preventDefault();
      onEnter(state);
    }
  };
  const dispositionLabel = useDispositionLabel();
  let verdict: { tone: 'ok' | 'warn' | 'bad' | 'muted'; text: string };
  switch (state.kind) {
    case 'empty':
      verdict = { tone: 'muted', text: hint ?? t('fieldwork.caseId.hint') };
      break;
    case 'checking':
      verdict = { tone: 'muted', text: t('fieldwork.caseId.checking') };
      break;
    case 'failed':
      verdict = { tone: 'bad', text: state.message };
      break;
    case 'checked': {
      const c = state.check;
      if (!c.valid) verdict = { tone: 'bad', text: c.problem === 'check-digit' ? t('fieldwork.caseId.badCheckDigit') : (c.message ?? t('fieldwork.caseId.invalid')) };
      else if (!c.inSample) verdict = { tone: 'warn', text: t('fieldwork.caseId.notInSample', { id: c.caseId ?? '' }) };
      else verdict = { tone: 'ok', text: t('fieldwork.caseId.ok', { id: c.caseId ?? '', disposition: c.disposition ? dispositionLabel(c.disposition) : '' }) };
      break;
    }
  }
  const invalid = verdict.tone === 'bad' || verdict.tone === 'warn';
  return (
    <div className="field fw-caseid">
      <label className="field__label" htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        className={`mono fw-caseid__input fw-caseid__input--${verdict.tone}`}
        value={value}
        aria-invalid={invalid}
        aria-describedby={`${id}-verdict`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKey}
      />
      <p id={`${id}-verdict`} className={`fw-verdict fw-verdict--${verdict.tone}`} aria-live="polite">
        {verdict.tone !== 'muted' && <span className="fw-verdict__icon" aria-hidden="true">{verdict.tone === 'ok' ? '✓' : verdict.tone === 'bad' ? '✕' : '!'}</span>}
        {verdict.text}
      </p>
    </div>
  );
}
