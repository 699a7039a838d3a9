// The Disposities tab: set a case's AAPOR disposition by hand with a reason, and show its history (who, when, why).
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../shared/contract/api';
import type { ResultError } from '../../../shared/contract/result';
import { DispositionCodeSchema } from '../../../shared/contract/fieldwork';
import { OUTCOME_CLASSES } from '../../../shared/fieldwork/dispositions';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { CaseIdField, isUsableId, type CaseIdState } from './CaseIdField';
import { InlineError, Section, Success } from './parts';
import { focusOperator } from './OperatorField';
import { useDispositionLabel } from './useDispositionLabel';

type History = Output<'disposition.history'>;

/** The dispositions tab: the form on the left, the chosen case's history below. */
export function DispositionsTab() {
  const { t, i18n } = useTranslation();
  const en = i18n.resolvedLanguage === 'en';
  const codes = useAppStore((s) => s.dispositionCodes);
  const loadReport = useAppStore((s) => s.loadReport);
  const dispositionLabel = useDispositionLabel();
  const codeId = useId();
  const reasonId = useId();
  const [text, setText] = useState('');
  const [idState, setIdState] = useState<CaseIdState>({ kind: 'empty' });
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ResultError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [history, setHistory] = useState<History | null>(null);
  const caseId = isUsableId(idState) ? idState.check.caseId : null;

  const loadHistory = useCallback(async (id: string) => {
    try {
      setHistory(await invoke('disposition.history', { caseId: id }));
    } catch (err) {
      setFailure(toResultError(err));
    }
  }, []);

  useEffect(() => {
    if (!caseId) return;
    let live = true;
    invoke('disposition.history', { caseId }).then(
      (h) => live && setHistory(h),
      (err: unknown) => live && setFailure(toResultError(err)),
    );
    return () => {
      live = false;
    };
  }, [caseId]);
  const shownHistory = history && history.caseId === caseId ? history : null;

  const submit = async () => {
    setFailure(null);
    setDone(null);
    if (!caseId) {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.disp.needCase') });
      return;
    }
    const parsed = DispositionCodeSchema.safeParse(code);
    if (!parsed.success) {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.disp.needCode') });
      return;
    }
    const operator = useAppStore.getState().operator.trim();
    if (operator === '') {
      focusOperator();
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.operator.required') });
      return;
    }
    setBusy(true);
    try {
      const r = await invoke('disposition.set', { caseIds: [caseId], code: parsed.data, operator, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setDone(r.changed > 0 ? t('fieldwork.disp.changed', { id: caseId, disposition: dispositionLabel(parsed.data) }) : t('fieldwork.disp.unchanged', { id: caseId }));
      setReason('');
      await Promise.all([loadHistory(caseId), loadReport()]);
    } catch (err) {
      setFailure(toResultError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fw-stack">
      <Section title={t('fieldwork.disp.title')} intro={t('fieldwork.disp.intro')}>
        <form
          className="fw-form fw-form--disp"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <CaseIdField label={t('fieldwork.disp.caseId')} value={text} onChange={setText} onState={setIdState} />
          <div className="field">
            <label className="field__label" htmlFor={codeId}>{t('fieldwork.disp.code')}</label>
            <select id={codeId} value={code} onChange={(e) => setCode(e.target.value)}>
              <option value="">{t('fieldwork.disp.chooseCode')}</option>
              {OUTCOME_CLASSES.map((cls) => {
                const inClass = (codes ?? []).filter((c) => c.outcome === cls);
                return inClass.length === 0 ? null : (
                  <optgroup key={cls} label={`${cls} · ${t(`fieldwork.outcome.${cls}`)}`}>
                    {inClass.map((c) => <option key={c.code} value={c.code}>{`${c.code}  ${en ? c.en : c.nl}`}</option>)}
                  </optgroup>
                );
              })}
            </select>
          </div>
          <div className="field fw-form__wide">
            <label className="field__label" htmlFor={reasonId}>{t('fieldwork.disp.reason')}</label>
            <textarea id={reasonId} rows={2} value={reason} maxLength={1000} placeholder={t('fieldwork.disp.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="fw-form__submit">
            <button type="submit" className="btn btn--primary" disabled={busy}>{t('fieldwork.disp.submit')}</button>
          </div>
        </form>
        {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
        {done && <Success>{done}</Success>}
      </Section>
      {shownHistory && <HistoryTable history={shownHistory} />}
    </div>
  );
}

function HistoryTable({ history }: { history: History }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const captionId = useId();
  const dispositionLabel = useDispositionLabel();
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const none = t('common.none');
  return (
    <Section title={t('fieldwork.disp.historyTitle', { id: history.caseId })} intro={t('fieldwork.disp.current', { disposition: dispositionLabel(history.disposition) })}>
      <div className="table-panel fw-table-scroll">
        <table className="table fw-table" aria-labelledby={captionId}>
          <caption id={captionId} className="visually-hidden">{t('fieldwork.disp.historyTitle', { id: history.caseId })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fieldwork.disp.when')}</th>
              <th scope="col">{t('fieldwork.disp.from')}</th>
              <th scope="col">{t('fieldwork.disp.to')}</th>
              <th scope="col">{t('fieldwork.disp.by')}</th>
              <th scope="col">{t('fieldwork.disp.source')}</th>
              <th scope="col">{t('fieldwork.disp.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {[...history.entries].reverse().map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{fmt.format(new Date(e.at))}</td>
                <td>{e.oldCode ? dispositionLabel(e.oldCode) : none}</td>
                <td>{dispositionLabel(e.newCode)}</td>
                <td>{e.operator}</td>
                <td>{e.source}</td>
                <td>{e.reason ?? none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
