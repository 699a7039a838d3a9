// The keying form: fields in paper order, keyboard-only (the keyboard contract), routing and checks run locally, every field committed at once.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Violation } from '../../../shared/checks/checker';
import { textIn } from '../../../shared/domain/questionnaire';
import { toDisplayValue, toStoredValue } from '../../../shared/entry/codes';
import { missingKeyOf, missingKeyValue, NO_ANSWER_KEY, NOT_LEGIBLE_KEY, shouldAutoAdvance, type MissingKeyKind } from '../../../shared/entry/keying';
import { nextField, previousField, type RouteState } from '../../../shared/routing/router';
import type { ViolationDto } from '../../../shared/contract/entry';
import { useAppStore } from '../../stores';
import { buildEntryModel, codeLabel, formMessageOf, type EntryField, type EntryModel } from './model';

/** Today as "YYYY-MM-DD" on the operator's clock (for today() in checks and two-digit years). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Pauses longer than this between keystrokes do not count as keying time. */
const PAUSE_MS = 10_000;

type Message = { kind: 'hard' | 'soft' | 'info'; text: string } | null;
type Direction = 'next' | 'prev' | 'stay';

/** Renders the opened form and runs the keyboard contract. */
export function EntryForm() {
  const { t, i18n } = useTranslation();
  const opened = useAppStore((s) => s.entryCase)!;
  const saveField = useAppStore((s) => s.saveEntryField);
  const confirmWarning = useAppStore((s) => s.confirmEntryWarning);
  const finish = useAppStore((s) => s.finishEntryCase);
  const pending = useAppStore((s) => s.entryPending);
  const saved = useAppStore((s) => s.entrySaved);
  const close = useAppStore((s) => s.nextEntryCase);
  const uiLang = i18n.resolvedLanguage ?? 'nl';
  const model = useMemo(() => buildEntryModel(opened.questionnaire, uiLang), [opened.questionnaire, uiLang]);
  const router = model.checker.router;
  const [today] = useState(todayIso);
  // An excluded case, and a form verification has closed (verified, adjudicated, pass 1 under verification), open
  // read-only: the cursor moves, nothing is committed (the backend refuses writes too).
  const excluded = opened.status === 'excluded';
  const locked = excluded || opened.lock !== null;

  const [answers, setAnswers] = useState<Record<string, string>>(() => ({ ...opened.answers }));
  const [confirmed, setConfirmed] = useState<Set<string>>(() => new Set(opened.confirmations.map((c) => `${c.variable}\u0000${c.value}`)));
  const state: RouteState = useMemo(() => router.evaluate(answers, today), [router, answers, today]);
  const [current, setCurrent] = useState<string | null>(() => {
    const first = nextField(router, router.evaluate(opened.answers, today), null) ?? null;
    if (opened.mode !== 'resume' || opened.lastField === null) return first;
    return nextField(router, router.evaluate(opened.answers, today), opened.lastField) ?? opened.lastField;
  });
  const [draft, setDraft] = useState<string>(() => (current ? display(model, current, opened.answers[current] ?? '') : ''));
  const [message, setMessage] = useState<Message>(null);
  const [pendingSoft, setPendingSoft] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const inputs = useRef(new Map<string, HTMLInputElement>());
  const effort = useRef({ keystrokes: 0, activeMs: 0, last: 0 });

  const takeEffort = () => {
    const e = { keystrokes: effort.current.keystrokes, activeMs: Math.round(effort.current.activeMs) };
    effort.current.keystrokes = 0;
    effort.current.activeMs = 0;
    return e;
  };

  const focusCurrent = useCallback((select: boolean) => {
    if (!current) return;
    const el = inputs.current.get(current);
    if (!el) return;
    if (document.activeElement !== el) el.focus();
    if (select) el.select();
  }, [current]);

  // Moving to a field, and a refused or warned value, select the field's text so the next keys replace it.
  const [selectTick, setSelectTick] = useState(0);
  // A layout effect: focus moves within the keystroke's own task, before the next frame.
  useLayoutEffect(() => {
    focusCurrent(true);
  }, [current, selectTick, focusCurrent]);

  const violationText = useCallback((v: Violation | ViolationDto): string => {
    const own = formMessageOf(model, v);
    if (own && (v.kind === 'hard' || v.kind === 'soft')) return own;
    return t(`entry.violation.${v.kind}`, { value: v.value, ...(v.params ?? {}) });
  }, [model, t]);

  const goTo = (target: string | undefined, from: Record<string, string>) => {
    if (target === undefined) return;
    setCurrent(target);
    setDraft(display(model, target, from[target] ?? ''));
    setPendingSoft(null);
    setMessage(null);
  };

  const end = async () => {
    await finish(takeEffort(), today);
  };

  /**
   * Commits the current field (or `override`) and moves: local checks first (instant), then the queued
   * backend commit, which is authoritative — a refusal there brings the cursor back.
   */
  const commit = (dir: Direction, override?: { typed?: string; stored?: string; via?: MissingKeyKind }) => {
    if (!current) return;
    const f = model.byName.get(current);
    if (!f) return;
    let value: string;
    if (override?.stored !== undefined) value = override.stored;
    else {
      const s = toStoredValue(model.questionnaire, f.variable, override?.typed ?? draft, today, f.missingCodes);
      if (!s.ok) {
        setMessage({ kind: 'hard', text: t('entry.violation.date') });
        setSelectTick((x) => x + 1);
        return;
      }
      value = s.value;
    }
    const old = answers[current] ?? '';
    const next: Record<string, string> = { ...answers };
    if (value === '') delete next[current];
    else next[current] = value;
    const st = router.evaluate(next, today);
    const violations = model.checker.checkVariable(st, current, { requireAnswers: false });
    const hard = violations.find((v) => v.severity === 'hard');
    if (hard) {
      setDraft(override?.typed ?? draft);
      setMessage({ kind: 'hard', text: violationText(hard) });
      setSelectTick((x) => x + 1);
      return;
    }
    const cleared: string[] = [];
    for (const name of Object.keys(next)) {
      const slot = router.slotOf(name);
      if (slot !== undefined && st.onRoute[slot] !== true) {
        cleared.push(`${model.byName.get(name)?.number ?? ''} ${name} (${next[name]})`);
        delete next[name];
      }
    }
    setAnswers(next);
    if (cleared.length > 0) setNotice(t('entry.cleared', { fields: cleared.join(', ') }));
    const via = override?.via ?? 'typed';
    if (old !== value || via !== 'typed') {
      const variable = current;
      void saveField(variable, value, via, takeEffort(), today).then((r) => {
        if (r && !r.accepted) {
          setCurrent(variable);
          setDraft(display(model, variable, value));
          setMessage({ kind: 'hard', text: r.violations[0] ? violationText(r.violations[0]) : t('entry.refused') });
        }
      });
    }
    const soft = violations.find((v) => v.kind === 'soft');
    if (soft && !confirmed.has(`${current}\u0000${value}`)) {
      setDraft(display(model, current, value));
      setPendingSoft(current);
      setMessage({ kind: 'soft', text: `${violationText(soft)} ${t('entry.confirmHint')}` });
      setSelectTick((x) => x + 1);
      return;
    }
    if (dir === 'stay') {
      setDraft(display(model, current, value));
      return;
    }
    const target = dir === 'next' ? nextField(router, st, current) : previousField(router, st, current);
    if (target === undefined) {
      if (dir === 'next') void end();
      else setDraft(display(model, current, value));
      return;
    }
    goTo(target, next);
  };

  const confirmSoft = () => {
    if (!current) return;
    const value = answers[current] ?? '';
    void confirmWarning(current, today);
    setConfirmed((c) => new Set(c).add(`${current}\u0000${value}`));
    setPendingSoft(null);
    goTo(nextField(router, state, current), answers);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (locked) {
      const down = e.key === 'Enter' || (e.key === 'Tab' && !e.shiftKey) || e.key === 'ArrowDown';
      const up = (e.key === 'Tab' && e.shiftKey) || e.key === 'ArrowUp';
      if (down || up || e.key === 'Escape') e.preventDefault();
      if (down && current) goTo(nextField(router, state, current), answers);
      if (up && current) goTo(previousField(router, state, current), answers);
      if (e.key === 'Escape') close();
      return;
    }
    const now = performance.now();
    const gap = now - effort.current.last;
    if (effort.current.last > 0 && gap < PAUSE_MS) effort.current.activeMs += gap;
    effort.current.last = now;
    effort.current.keystrokes++;
    if (e.key === 'F10' || (e.key === 'Enter' && e.ctrlKey)) {
      e.preventDefault();
      commit('stay');
      void end();
      return;
    }
    if (e.key === 'Enter' || (e.key === 'Tab' && !e.shiftKey) || e.key === 'ArrowDown') {
      e.preventDefault();
      const f = current ? model.byName.get(current) : undefined;
      const unchanged = current !== null && f !== undefined && draft === display(model, current, answers[current] ?? '');
      if (pendingSoft === current && unchanged) confirmSoft();
      else commit('next');
      return;
    }
    if ((e.key === 'Tab' && e.shiftKey) || e.key === 'ArrowUp') {
      e.preventDefault();
      commit('prev');
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      if (current) setDraft(display(model, current, answers[current] ?? ''));
      setMessage(null);
      return;
    }
    const missing = missingKeyOf(e.key);
    if (missing && current && draft.trim() === '') {
      e.preventDefault();
      const f = model.byName.get(current)!;
      commit('next', { stored: missingKeyValue(model.questionnaire, f.variable, missing).value, via: missing });
    }
  };

  const onChange = (name: string, text: string) => {
    if (locked) return;
    setDraft(text);
    if (pendingSoft === name) setPendingSoft(null);
    if (message?.kind !== 'info') setMessage(null);
    const f = model.byName.get(name);
    if (f && shouldAutoAdvance(model.questionnaire, f.variable, text, f.codes)) commit('next', { typed: text });
  };

  // Stable handlers for the memoised rows: only the rows whose props change re-render on a keystroke.
  const handlers = useRef({ keyDown: onKeyDown, change: onChange, focus: (_name: string) => undefined as void });
  useLayoutEffect(() => {
    handlers.current = {
      keyDown: onKeyDown,
      change: onChange,
      focus: (name: string) => {
        const slot = router.slotOf(name);
        if (name !== current && slot !== undefined && state.onRoute[slot] === true) goTo(name, answers);
      },
    };
  });
  const stableKeyDown = useCallback((e: KeyboardEvent<HTMLInputElement>) => handlers.current.keyDown(e), []);
  const stableChange = useCallback((name: string, text: string) => handlers.current.change(name, text), []);
  const stableFocus = useCallback((name: string) => handlers.current.focus(name), []);
  const register = useCallback((name: string, el: HTMLInputElement | null) => {
    if (el) inputs.current.set(name, el);
    else inputs.current.delete(name);
  }, []);

  const cur = current ? model.byName.get(current) : undefined;
  const onRouteCount = model.fields.filter((f) => state.onRoute[router.slotOf(f.variable.name)!]).length;
  const modeLabel = t(`entry.mode.${opened.mode}`);

  return (
    <div className="entry-form" data-pending={pending} data-case={opened.caseId}>
      <div className="entry-form__top">
      <div className="entry-form__bar" role="group" aria-label={t('entry.formBar')}>
        <span className="entry-form__case mono">{opened.caseId}</span>
        <span className={`badge entry-mode entry-mode--${locked ? 'readOnly' : opened.mode}`}>{locked ? t('entry.mode.readOnly') : modeLabel}</span>
        {opened.pass === 2 && <span className="badge entry-mode entry-mode--verify">{t('entry.passes.2')}</span>}
        <span>{t('entry.batchShown', { batch: opened.batch ?? t('entry.noBatch') })}</span>
        <span className="muted" role="status" aria-live="polite">{t('entry.savedCount', { count: saved })}{pending > 0 ? ` · ${t('entry.saving')}` : ''}</span>
        <span className="muted">{t('entry.onRoute', { count: onRouteCount })}</span>
      </div>
      {!excluded && opened.lock && (
        <div className="entry-msg entry-msg--hard" role="alert" data-testid="entry-locked">
          <span>{t(opened.lock.reason, opened.lock.params)}</span>{' '}
          <button type="button" className="btn btn--small" onClick={close}>{t('entry.close')}</button>
        </div>
      )}
      {excluded && (
        <div className="entry-msg entry-msg--hard" role="alert" data-testid="entry-excluded">
          <span>{t('entry.excludedNotice', { caseId: opened.caseId, code: t(`cleaning.exclusionReason.${opened.exclusion?.reasonCode ?? 'other'}`, { defaultValue: opened.exclusion?.reasonCode ?? '' }), reason: opened.exclusion?.reason ?? '' })}</span>{' '}
          <button type="button" className="btn btn--small" onClick={close}>{t('entry.close')}</button>
        </div>
      )}
      {cur && <CurrentQuestion model={model} field={cur} />}
      <div className="entry-form__messages">
        {message && (
          <p className={`entry-msg entry-msg--${message.kind}`} role={message.kind === 'hard' ? 'alert' : 'status'} data-testid="entry-message">
            {message.text}
          </p>
        )}
        {notice && <p className="entry-msg entry-msg--info" role="status" data-testid="entry-notice">{notice}</p>}
      </div>
      </div>
      <ol className="entry-fields" aria-label={t('entry.fieldsLabel')}>
        {model.fields.map((f) => {
          const name = f.variable.name;
          const on = state.onRoute[router.slotOf(name)!] === true;
          const isCur = name === current;
          const stored = answers[name] ?? '';
          const chosen = !on || stored === '' ? '' : f.variable.type === 'single' ? codeLabel(model, f, stored) : f.variable.type === 'multiple' ? stored.split(' ').map((c) => codeLabel(model, f, c) || c).join('; ') : '';
          return (
            <FieldRow
              key={name}
              field={f}
              label={textIn(f.variable.label, model.language, model.questionnaire.defaultLanguage) || name}
              on={on}
              current={isCur}
              shown={on ? (isCur ? draft : display(model, name, stored)) : ''}
              chosen={chosen}
              invalid={isCur && message?.kind === 'hard'}
              locked={locked}
              skipped={t('entry.skipped')}
              register={register}
              onFocusField={stableFocus}
              onChangeField={stableChange}
              onKeyDown={stableKeyDown}
            />
          );
        })}
      </ol>
      <p className="muted entry-form__end">{t('entry.endHint')}</p>
    </div>
  );
}

/** Props of {@link FieldRow}. */
interface FieldRowProps {
  field: EntryField;
  label: string;
  on: boolean;
  current: boolean;
  shown: string;
  chosen: string;
  invalid: boolean;
  /** The case is excluded or its pass locked by verification: the field shows its value and takes no input. */
  locked: boolean;
  skipped: string;
  register(name: string, el: HTMLInputElement | null): void;
  onFocusField(name: string): void;
  onChangeField(name: string, text: string): void;
  onKeyDown(e: KeyboardEvent<HTMLInputElement>): void;
}

/** One field row: number, short text, the labelled input and the label of the chosen code. Re-renders only when its props change. */
const FieldRow = memo(function FieldRow({ field: f, label, on, current, shown, chosen, invalid, locked, skipped, register, onFocusField, onChangeField, onKeyDown }: FieldRowProps) {
  const name = f.variable.name;
  return (
    <li className={`entry-field${on ? '' : ' entry-field--off'}${current ? ' entry-field--current' : ''}`} data-variable={name}>
      {f.section && <div className="entry-field__section">{f.section}</div>}
      <label className="entry-field__row" htmlFor={`entry-${name}`}>
        <span className="entry-field__num">{f.number}</span>
        <span className="entry-field__label">{label}</span>
        <input
          id={`entry-${name}`}
          ref={(el) => register(name, el)}
          className={`entry-field__input${f.variable.type === 'text' ? ' entry-field__input--text' : ''}`}
          value={shown}
          placeholder={on ? '' : skipped}
          disabled={!on}
          readOnly={!current || locked}
          tabIndex={current ? 0 : -1}
          inputMode={f.variable.type === 'text' ? 'text' : 'numeric'}
          autoComplete="off"
          spellCheck={false}
          aria-label={`${f.number}. ${label}`}
          aria-invalid={invalid || undefined}
          aria-describedby={current ? 'entry-current' : undefined}
          onFocus={() => onFocusField(name)}
          onChange={(e) => onChangeField(name, e.target.value)}
          onKeyDown={onKeyDown}
        />
        <span className="entry-field__chosen">{chosen}</span>
      </label>
    </li>
  );
});

/** The current question in full: number, text, hint, the codes with labels and the missing keys. */
function CurrentQuestion({ model, field }: { model: EntryModel; field: EntryField }) {
  const { t } = useTranslation();
  const v = field.variable;
  const q = model.questionnaire;
  const noAnswer = missingKeyValue(q, v, 'noAnswer');
  const notLegible = missingKeyValue(q, v, 'notLegible');
  const hint = textIn(v.hint, model.language, q.defaultLanguage);
  return (
    <section className="entry-current" id="entry-current" aria-label={t('entry.currentLabel')}>
      <h3 className="entry-current__q">
        <span className="entry-current__num">{field.number}</span> {textIn(v.label, model.language, q.defaultLanguage) || v.name}
        <span className="entry-current__name mono">{v.name}</span>
      </h3>
      {hint && <p className="muted">{hint}</p>}
      {field.labels.length > 0 && (
        <ul className="entry-codes" aria-label={t('entry.codesLabel')}>
          {field.labels.map((l) => (
            <li key={l.code} className={l.missing ? 'entry-codes__missing' : ''}>
              <span className="entry-codes__code mono">{l.code}</span> {textIn(l.label, model.language, q.defaultLanguage)}
            </li>
          ))}
        </ul>
      )}
      <p className="entry-current__keys muted">
        {t(`entry.typeHint.${v.type === 'note' || v.type === 'calculated' ? 'text' : v.type}`)}{' '}
        {t('entry.missingKeys', {
          noAnswerKey: NO_ANSWER_KEY,
          noAnswer: noAnswer.value === '' ? t('entry.systemMissing') : noAnswer.value,
          notLegibleKey: NOT_LEGIBLE_KEY,
          notLegible: notLegible.value === '' ? t('entry.systemMissing') : notLegible.value,
        })}
      </p>
    </section>
  );
}

function display(m: EntryModel, name: string, stored: string): string {
  const f = m.byName.get(name);
  return f ? toDisplayValue(f.variable, stored) : stored;
}
