// The Labels tab of the Veldwerk area: case IDs for the paper forms as a printable A4 label sheet (3 × 8) or a plain list.
import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, toResultError } from '../../api/client';
import type { Output } from '../../../shared/contract/api';
import type { ResultError } from '../../../shared/contract/result';
import { useAppStore } from '../../stores';
import { selectProject } from '../../stores/selectors';
import { InlineError, Section } from './parts';
import { formatNumber } from './format';
import './labels.css';

/** Labels per A4 sheet: 3 columns × 8 rows. */
export const LABELS_PER_SHEET = 24;
/** The most labels fetched and laid out at once (100 sheets). */
const MAX_LABELS = 2400;

type Labels = Output<'sample.idLabels'>;
type Source = 'sample' | 'generated';
type Layout = 'sheet' | 'list';

/**
 * Splits a list into chunks of `size` (the sheets of a label sheet).
 * @param items the labels
 * @param size labels per sheet
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Case-ID labels: from the sample, or `count` new IDs from a start number; shown as label sheets or a list, printed with window.print(). */
export function LabelsTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const project = useAppStore(selectProject);
  const title = project?.title ?? '';
  const ids = { start: useId(), count: useId() };
  const [source, setSource] = useState<Source>('sample');
  const [layout, setLayout] = useState<Layout>('sheet');
  const [start, setStart] = useState('1');
  const [count, setCount] = useState(String(LABELS_PER_SHEET));
  const [labels, setLabels] = useState<Labels | null>(null);
  const [error, setError] = useState<ResultError | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (input: { start?: number; count?: number }) => {
    setBusy(true);
    setError(null);
    try {
      setLabels(await invoke('sample.idLabels', { ...input, offset: 0, limit: MAX_LABELS }));
    } catch (err) {
      setLabels(null);
      setError(toResultError(err));
    } finally {
      setBusy(false);
    }
  }, []);

  // The sample's IDs load when the tab opens, the source switches back to the sample, or the project changes.
  const projectPath = project?.path;
  useEffect(() => {
    if (source !== 'sample' || !projectPath) return;
    let live = true;
    invoke('sample.idLabels', { offset: 0, limit: MAX_LABELS }).then(
      (l) => {
        if (!live) return;
        setLabels(l);
        setError(null);
      },
      (err: unknown) => {
        if (!live) return;
        setLabels(null);
        setError(toResultError(err));
      },
    );
    return () => {
      live = false;
    };
  }, [source, projectPath]);

  const startN = Number(start);
  const countN = Number(count);
  const validNew = Number.isInteger(startN) && startN >= 0 && Number.isInteger(countN) && countN >= 1 && countN <= MAX_LABELS;
  const generate = (e: FormEvent) => {
    e.preventDefault();
    if (validNew) void load({ start: startN, count: countN });
  };

  const sheets = useMemo(() => chunk(labels?.labels ?? [], LABELS_PER_SHEET), [labels]);
  const shown = labels?.labels.length ?? 0;
  const empty = labels !== null && shown === 0;

  return (
    <div className="lbl">
      <Section
        title={t('fieldwork.labels.title')}
        intro={t('fieldwork.labels.intro')}
        className="lbl-controls"
        actions={
          <button type="button" className="btn btn--primary" disabled={busy || shown === 0} onClick={() => window.print()}>
            {t('fieldwork.labels.print')}
          </button>
        }
      >
        <div className="lbl-options">
          <fieldset className="lbl-choice">
            <legend className="field__label">{t('fieldwork.labels.source')}</legend>
            <label>
              <input type="radio" name="lbl-source" checked={source === 'sample'} onChange={() => setSource('sample')} /> {t('fieldwork.labels.fromSample')}
            </label>
            <label>
              <input type="radio" name="lbl-source" checked={source === 'generated'} onChange={() => { setSource('generated'); setLabels(null); }} /> {t('fieldwork.labels.fromNumber')}
            </label>
          </fieldset>
          <fieldset className="lbl-choice">
            <legend className="field__label">{t('fieldwork.labels.layout')}</legend>
            <label>
              <input type="radio" name="lbl-layout" checked={layout === 'sheet'} onChange={() => setLayout('sheet')} /> {t('fieldwork.labels.sheet')}
            </label>
            <label>
              <input type="radio" name="lbl-layout" checked={layout === 'list'} onChange={() => setLayout('list')} /> {t('fieldwork.labels.list')}
            </label>
          </fieldset>
        </div>
        {source === 'generated' && (
          <form className="fw-form lbl-form" onSubmit={generate} aria-label={t('fieldwork.labels.fromNumber')}>
            <div className="field">
              <label className="field__label" htmlFor={ids.start}>{t('fieldwork.labels.start')}</label>
              <input id={ids.start} type="number" min={0} value={start} onChange={(e) => setStart(e.target.value)} />
            </div>
            <div className="field">
              <label className="field__label" htmlFor={ids.count}>{t('fieldwork.labels.count')}</label>
              <input id={ids.count} type="number" min={1} max={MAX_LABELS} value={count} onChange={(e) => setCount(e.target.value)} />
            </div>
            <div className="fw-form__submit">
              <button type="submit" className="btn btn--secondary" disabled={!validNew || busy}>{t('fieldwork.labels.make')}</button>
            </div>
          </form>
        )}
        {labels && shown > 0 && (
          <p className="fw-hint" role="status">
            {labels.total > shown
              ? t('fieldwork.labels.summaryCut', { count: shown, total: formatNumber(labels.total, lang), sheets: sheets.length })
              : t(labels.source === 'sample' ? 'fieldwork.labels.summarySample' : 'fieldwork.labels.summaryNew', { count: shown, sheets: sheets.length })}
          </p>
        )}
        {empty && source === 'sample' && <p className="fw-hint">{t('fieldwork.labels.noSample')}</p>}
        {error && <InlineError error={error} onDismiss={() => setError(null)} />}
      </Section>
      {shown > 0 && layout === 'sheet' && (
        <div className="lbl-print lbl-sheets" aria-label={t('fieldwork.labels.sheetsLabel')} role="region">
          {sheets.map((page, i) => (
            <div key={i} className="lbl-page" aria-label={t('fieldwork.labels.page', { n: i + 1, of: sheets.length })} role="group">
              {page.map((l) => (
                <div key={l.caseId} className="lbl-label" data-case-id={l.caseId}>
                  <span className="lbl-label__id">{l.caseId}</span>
                  <span className="lbl-label__title">{title}</span>
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
      {shown > 0 && layout === 'list' && (
        <div className="lbl-print lbl-listwrap">
          <table className="table lbl-list" aria-label={t('fieldwork.labels.listLabel')}>
            <caption className="lbl-list__caption">{title}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('fieldwork.labels.caseId')}</th>
                <th scope="col">{t('fieldwork.labels.mode')}</th>
                <th scope="col">{t('fieldwork.labels.check')}</th>
              </tr>
            </thead>
            <tbody>
              {(labels?.labels ?? []).map((l, i) => (
                <tr key={l.caseId}>
                  <td>{i + 1}</td>
                  <td className="mono lbl-list__id">{l.caseId}</td>
                  <td>{l.mode ? t(`fieldwork.labels.modes.${l.mode}`) : ''}</td>
                  <td className="lbl-list__tick" aria-hidden="true">☐</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
