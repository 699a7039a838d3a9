// The Dashboard tab: returns per day, response per stratum with AAPOR rates, e for RR3/RR4, counts by mode, dispositions, Excel export.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldworkReport } from '../../../shared/contract/fieldwork';
import { invoke } from '../../api/client';
import { useAppStore } from '../../stores';
import { RATE_FORMULAS, formatNumber, formatRate, type RateKey } from './format';
import { PathField } from './PathField';
import { ReturnsChart } from './ReturnsChart';
import { useAction } from './useAction';
import { InlineError, Section, Stats, Success } from './parts';

type RateRow = FieldworkReport['overall'];
const RATE_KEYS = Object.keys(RATE_FORMULAS) as RateKey[];

/** The dashboard tab (reads the report from the store; reloads it when shown). */
export function DashboardTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const report = useAppStore((s) => s.report);
  const loadReport = useAppStore((s) => s.loadReport);
  useEffect(() => {
    void loadReport();
  }, [loadReport]);
  if (!report) return <p className="muted" aria-busy="true">{t('app.loading')}</p>;
  const rate = (r: number | null) => formatRate(r, lang, t('common.none'));
  const o = report.overall;
  return (
    <div className="fw-stack">
      <Section title={t('fieldwork.dashboard.overallTitle')} intro={t('fieldwork.dashboard.generated', { at: new Date(report.generatedAt).toLocaleString(lang) })} actions={<EligibilityControl report={report} />}>
        <Stats
          label={t('fieldwork.dashboard.overallTitle')}
          items={[
            { label: t('fieldwork.dashboard.sampled'), value: formatNumber(report.sampled, lang) },
            { label: t('fieldwork.dashboard.returned'), value: formatNumber(report.returned, lang), hint: t('fieldwork.dashboard.returnedHint') },
            { label: 'RR1', value: rate(o.rates.RR1), hint: t('fieldwork.rate.RR1') },
            { label: 'RR2', value: rate(o.rates.RR2), hint: t('fieldwork.rate.RR2') },
            { label: 'RR3 / RR4', value: `${rate(o.rates.RR3)} / ${rate(o.rates.RR4)}`, hint: t('fieldwork.dashboard.withE', { e: formatNumber(report.e, lang, 3) }) },
            { label: 'COOP1', value: rate(o.rates.COOP1), hint: t('fieldwork.rate.COOP1') },
            { label: 'REF1', value: rate(o.rates.REF1), hint: t('fieldwork.rate.REF1') },
          ]}
        />
      </Section>
      <Section title={t('fieldwork.dashboard.perDayTitle')} intro={t('fieldwork.dashboard.perDayIntro')}>
        <ReturnsChart days={report.perDay} />
      </Section>
      <Section title={t('fieldwork.dashboard.strataTitle')} intro={t('fieldwork.dashboard.strataIntro')}>
        {report.byStratum.length === 0 ? (
          <RateTable caption={t('fieldwork.dashboard.total')} variable={null} rows={[]} overall={o} />
        ) : (
          report.byStratum.map((s) => <RateTable key={s.variable} caption={s.variable} variable={s.variable} rows={s.rows} overall={o} />)
        )}
        <FormulaNote e={report.e} eMethod={report.eMethod} />
      </Section>
      <div className="fw-grid-2 fw-grid-2--top">
        <Section title={t('fieldwork.dashboard.modeTitle')}>
          <ModeTable report={report} />
        </Section>
        <Section title={t('fieldwork.dashboard.batchesTitle')}>
          <BatchSummary report={report} />
        </Section>
      </div>
      <Section title={t('fieldwork.dashboard.dispositionsTitle')} intro={t('fieldwork.dashboard.dispositionsIntro')}>
        <DispositionCounts report={report} />
      </Section>
      <ExportReport />
    </div>
  );
}

/** Radio choice between the estimated e (CASRO proportional allocation) and a given value in [0, 1]. */
function EligibilityControl({ report }: { report: FieldworkReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const eligibility = useAppStore((s) => s.eligibility);
  const setEligibility = useAppStore((s) => s.setEligibility);
  const valueId = useId();
  // The field shows the e in use until the user types; a typed value applies on Enter, on blur or with "Vaste waarde".
  const [draft, setDraft] = useState<string | null>(null);
  const [bad, setBad] = useState(false);
  const text = draft ?? formatNumber(report.e, lang, 3);
  const apply = (raw: string) => {
    const v = Number(raw.trim().replace(',', '.'));
    if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) {
      setBad(true);
      return;
    }
    setBad(false);
    setDraft(null);
    void setEligibility(v);
  };
  return (
    <fieldset className="fw-e">
      <legend className="fw-e__legend">{t('fieldwork.e.legend')}</legend>
      <label className="fw-radio">
        <input type="radio" name="fw-e" checked={eligibility === 'estimate'} onChange={() => {
          setDraft(null);
          setBad(false);
          void setEligibility('estimate');
        }} />
        {t('fieldwork.e.estimate')}
        {eligibility === 'estimate' && <span className="fw-hint"> ({formatNumber(report.e, lang, 3)})</span>}
      </label>
      <label className="fw-radio">
        <input type="radio" name="fw-e" checked={eligibility !== 'estimate'} onChange={() => apply(text)} />
        {t('fieldwork.e.given')}
      </label>
      <label className="visually-hidden" htmlFor={valueId}>{t('fieldwork.e.value')}</label>
      <input
        id={valueId}
        className="fw-e__value"
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={bad}
        aria-describedby={`${valueId}-err`}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply(text);
          }
        }}
        onBlur={() => draft !== null && apply(draft)}
      />
      <span id={`${valueId}-err`} className={bad ? 'fw-inline-warn' : 'visually-hidden'} role={bad ? 'alert' : undefined}>
        {bad ? t('fieldwork.e.invalid') : t('fieldwork.e.help')}
      </span>
    </fieldset>
  );
}

function RateHeader({ k }: { k: RateKey }) {
  const { t } = useTranslation();
  return (
    <th scope="col" className="num">
      <abbr title={`${t(`fieldwork.rate.${k}`)}: ${RATE_FORMULAS[k]}`}>{k}</abbr>
    </th>
  );
}

/** Response per code of one stratum variable (and the total), with outcome counts and AAPOR rates. */
function RateTable({ caption, variable, rows, overall }: { caption: string; variable: string | null; rows: RateRow[]; overall: RateRow }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const captionId = useId();
  const rate = (r: number | null) => formatRate(r, lang, t('common.none'));
  const n = (x: number) => formatNumber(x, lang);
  const line = (r: RateRow, head: string, total: boolean) => (
    <tr key={head} className={total ? 'fw-row--total' : undefined}>
      <th scope="row" className="fw-rowhead">{total ? head : <code>{head}</code>}</th>
      <td className="num">{n(r.sampled)}</td>
      <td className="num">{n(r.counts.I)}</td>
      <td className="num">{n(r.counts.P)}</td>
      <td className="num">{n(r.counts.R)}</td>
      <td className="num">{n(r.counts.NC + r.counts.O)}</td>
      <td className="num">{n(r.counts.UH + r.counts.UO)}</td>
      <td className="num">{n(r.counts.NE)}</td>
      {RATE_KEYS.map((k) => <td key={k} className={`num fw-rate${k === 'RR1' || k === 'RR2' ? ' fw-rate--key' : ''}`}>{rate(r.rates[k])}</td>)}
    </tr>
  );
  return (
    <div className="table-panel fw-table-scroll fw-rates">
      <table className="table fw-table fw-table--dense" aria-labelledby={captionId}>
        <caption id={captionId} className="table__caption">
          {variable === null ? t('fieldwork.dashboard.total') : t('fieldwork.dashboard.byVariable', { variable: caption })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('fieldwork.dashboard.code')}</th>
            <th scope="col" className="num"><abbr title={t('fieldwork.dashboard.sampled')}>n</abbr></th>
            <th scope="col" className="num"><abbr title={t('fieldwork.outcome.I')}>I</abbr></th>
            <th scope="col" className="num"><abbr title={t('fieldwork.outcome.P')}>P</abbr></th>
            <th scope="col" className="num"><abbr title={t('fieldwork.outcome.R')}>R</abbr></th>
            <th scope="col" className="num"><abbr title={t('fieldwork.outcome.NCO')}>NC+O</abbr></th>
            <th scope="col" className="num"><abbr title={t('fieldwork.outcome.U')}>UH+UO</abbr></th>
            <th scope="col" className="num"><abbr title={t('fieldwork.outcome.NE')}>NE</abbr></th>
            {RATE_KEYS.map((k) => <RateHeader key={k} k={k} />)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => line(r, r.code, false))}
          {line(overall, t('fieldwork.dashboard.total'), true)}
        </tbody>
      </table>
    </div>
  );
}

/** The footnote naming every formula and its source. */
function FormulaNote({ e, eMethod }: { e: number; eMethod: FieldworkReport['eMethod'] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  return (
    <div className="fw-footnote">
      <p>
        <strong>{t('fieldwork.formulas.title')}</strong> {t('fieldwork.formulas.source')}
      </p>
      <dl className="fw-formulas">
        {RATE_KEYS.map((k) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd><code>{RATE_FORMULAS[k]}</code> <span className="fw-hint">{t(`fieldwork.rate.${k}`)}</span></dd>
          </div>
        ))}
      </dl>
      <p className="fw-hint">{t('fieldwork.formulas.classes')}</p>
      <p className="fw-hint">
        {eMethod === 'estimated' ? t('fieldwork.formulas.eEstimated', { e: formatNumber(e, lang, 3) }) : t('fieldwork.formulas.eGiven', { e: formatNumber(e, lang, 3) })}
      </p>
    </div>
  );
}

function ModeTable({ report }: { report: FieldworkReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const captionId = useId();
  const rows = report.byMode.filter((m) => m.mode !== 'unknown' || m.assigned > 0 || m.returned > 0);
  return (
    <table className="table fw-table" aria-labelledby={captionId}>
      <caption id={captionId} className="visually-hidden">{t('fieldwork.dashboard.modeTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('fieldwork.dashboard.mode')}</th>
          <th scope="col" className="num">{t('fieldwork.dashboard.assigned')}</th>
          <th scope="col" className="num">{t('fieldwork.dashboard.returnedBy')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.mode}>
            <th scope="row" className="fw-rowhead">{t(`fieldwork.mode.${m.mode}`)}</th>
            <td className="num">{formatNumber(m.assigned, lang)}</td>
            <td className="num">{formatNumber(m.returned, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BatchSummary({ report }: { report: FieldworkReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const b = report.batches;
  return (
    <div className="fw-stack fw-stack--tight">
      <Stats
        label={t('fieldwork.dashboard.batchesTitle')}
        items={[
          { label: t('fieldwork.dashboard.batchCount'), value: formatNumber(b.total, lang) },
          { label: t('fieldwork.dashboard.formsExpected'), value: formatNumber(b.expectedForms, lang) },
          { label: t('fieldwork.dashboard.formsKeyed'), value: formatNumber(b.keyedForms, lang) },
        ]}
      />
      <ul className="fw-status-counts" aria-label={t('fieldwork.batches.status')}>
        {(['received', 'keying', 'keyed', 'verified', 'closed'] as const).map((s) => (
          <li key={s}>
            <span className={`status-pill fw-status fw-status--${s}`}>{t(`fieldwork.status.${s}`)}</span> {formatNumber(b.byStatus[s] ?? 0, lang)}
          </li>
        ))}
      </ul>
      {report.keyedNotInSample > 0 && <p className="fw-inline-warn">{t('fieldwork.dashboard.notInSample', { count: report.keyedNotInSample })}</p>}
    </div>
  );
}

function DispositionCounts({ report }: { report: FieldworkReport }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const en = lang === 'en';
  const captionId = useId();
  const [all, setAll] = useState(false);
  const rows = all ? report.dispositions : report.dispositions.filter((d) => d.count > 0);
  return (
    <>
      <div className="table-panel fw-table-scroll">
        <table className="table fw-table fw-table--dense" aria-labelledby={captionId}>
          <caption id={captionId} className="visually-hidden">{t('fieldwork.dashboard.dispositionsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fieldwork.dashboard.code')}</th>
              <th scope="col">{t('fieldwork.dashboard.label')}</th>
              <th scope="col">{t('fieldwork.dashboard.outcomeClass')}</th>
              <th scope="col" className="num">{t('fieldwork.dashboard.count')}</th>
              <th scope="col" className="num">{t('fieldwork.dashboard.share')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.code} className={d.count === 0 ? 'fw-row--zero' : undefined}>
                <th scope="row" className="mono fw-rowhead">{d.code}</th>
                <td>{en ? d.en : d.nl}</td>
                <td><abbr title={t(`fieldwork.outcome.${d.outcome}`)}>{d.outcome}</abbr></td>
                <td className="num">{formatNumber(d.count, lang)}</td>
                <td className="num">{formatRate(report.sampled > 0 ? d.count / report.sampled : null, lang, t('common.none'))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label className="fw-check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('fieldwork.dashboard.showAllCodes')}
      </label>
    </>
  );
}

/** Writes the report to an .xlsx workbook with fieldwork.exportReport (path typed or chosen with the save picker). */
function ExportReport() {
  const { t } = useTranslation();
  const eligibility = useAppStore((s) => s.eligibility);
  const [path, setPath] = useState('');
  const { busy, failure, setFailure, attempt } = useAction();
  const [done, setDone] = useState<{ path: string; sheets: string[] } | null>(null);
  const run = async () => {
    setFailure(null);
    setDone(null);
    const p = path.trim();
    if (p === '') {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.export.noPath') });
      return;
    }
    await attempt(async () => {
      setDone(await invoke('fieldwork.exportReport', { path: /\.xlsx$/i.test(p) ? p : `${p}.xlsx`, e: eligibility }));
    });
  };
  return (
    <Section title={t('fieldwork.export.title')} intro={t('fieldwork.export.intro')}>
      <form
        className="fw-form fw-form--export"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <PathField label={t('fieldwork.export.path')} value={path} onChange={setPath} mode="save" extensions={['xlsx']} pickerTitle={t('fieldwork.export.pickerTitle')} defaultName="veldwerkrapport.xlsx" />
        <div className="fw-form__submit">
          <button type="submit" className="btn btn--primary" disabled={busy}>{t('fieldwork.export.submit')}</button>
        </div>
      </form>
      {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
      {done && <Success>{t('fieldwork.export.done', { path: done.path, sheets: done.sheets.join(', ') })}</Success>}
    </Section>
  );
}
