// The Steekproef tab: check a sample-frame file (sample.dryRun), show its problems or its summary, import it, list the sample.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../shared/contract/fieldwork';
import type { Output } from '../../../shared/contract/api';
import type { ResultError } from '../../../shared/contract/result';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { formatNumber } from './format';
import { PathField } from './PathField';
import { InlineError, Section, Stats, Success } from './parts';
import { useDispositionLabel } from './useDispositionLabel';
import { focusOperator } from './OperatorField';
import { ExportSampleList, IdFormatSection } from './SampleTools';

const PROBLEM_KINDS = [
  'empty-frame', 'missing-column', 'duplicate-column', 'empty-case-id', 'bad-case-id', 'duplicate-id', 'existing-id',
  'missing-stratum', 'unknown-code', 'probability', 'weight', 'mode', 'population',
] as const;
type ProblemKind = (typeof PROBLEM_KINDS)[number];
const isProblemKind = (k: string): k is ProblemKind => (PROBLEM_KINDS as readonly string[]).includes(k);

/** Rows of the problems table rendered at most (the rest is counted). */
const MAX_PROBLEM_ROWS = 500;
const SAMPLE_PAGE = 25;

/** The sample tab: the import card and the sample list. */
export function SampleTab() {
  const { t } = useTranslation();
  const sampleTotal = useAppStore((s) => s.sampleTotal);
  return (
    <div className="fw-stack">
      <FrameImport />
      <Section title={t('fieldwork.sample.title')} intro={t('fieldwork.sample.intro')}>
        {sampleTotal === null ? <p className="muted">{t('app.loading')}</p> : sampleTotal === 0 ? <p className="fw-empty-line">{t('fieldwork.sample.empty')}</p> : <SampleTable total={sampleTotal} />}
      </Section>
      <IdFormatSection />
      {sampleTotal !== null && sampleTotal > 0 && <ExportSampleList />}
    </div>
  );
}

type Phase = 'idle' | 'checking' | 'importing';

function FrameImport() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const operator = useAppStore((s) => s.operator);
  const refreshProject = useAppStore((s) => s.refreshProject);
  const sheetId = useId();
  const [file, setFile] = useState('');
  const [sheet, setSheet] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failure, setFailure] = useState<ResultError | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [needOperator, setNeedOperator] = useState(false);
  const options = sheet.trim() !== '' ? { sheet: sheet.trim() } : {};

  const check = async () => {
    setFailure(null);
    setDone(null);
    setReport(null);
    if (file.trim() === '') {
      setFailure({ code: 'INVALID_INPUT', message: t('fieldwork.import.noFile') });
      return;
    }
    setPhase('checking');
    try {
      setReport(await invoke('sample.dryRun', { file: file.trim(), options }));
    } catch (err) {
      setFailure(toResultError(err));
    } finally {
      setPhase('idle');
    }
  };

  const doImport = async () => {
    if (!report) return;
    if (operator.trim() === '') {
      setNeedOperator(true);
      focusOperator();
      return;
    }
    setNeedOperator(false);
    setPhase('importing');
    setFailure(null);
    try {
      const r = await invoke('sample.importFrame', { file: file.trim(), options, operator: operator.trim() });
      setDone(r);
      setReport(null);
      await refreshProject();
    } catch (err) {
      setFailure(toResultError(err));
    } finally {
      setPhase('idle');
    }
  };

  return (
    <Section title={t('fieldwork.import.title')} intro={t('fieldwork.import.intro')}>
      <form
        className="fw-form fw-form--import"
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <PathField
          label={t('fieldwork.import.file')}
          value={file}
          onChange={(p) => {
            setFile(p);
            setReport(null);
          }}
          mode="open"
          extensions={['csv', 'xlsx']}
          pickerTitle={t('fieldwork.import.pickerTitle')}
          hint={t('fieldwork.import.fileHint')}
        />
        <div className="field fw-field--narrow">
          <label className="field__label" htmlFor={sheetId}>{t('fieldwork.import.sheet')}</label>
          <input id={sheetId} type="text" value={sheet} onChange={(e) => setSheet(e.target.value)} placeholder={t('fieldwork.import.sheetPlaceholder')} />
        </div>
        <div className="fw-form__submit">
          <button type="submit" className="btn btn--secondary" disabled={phase !== 'idle'}>
            {phase === 'checking' ? t('fieldwork.import.checking') : t('fieldwork.import.check')}
          </button>
        </div>
      </form>
      {failure && <InlineError error={failure} onDismiss={() => setFailure(null)} />}
      {done && <Success>{t('fieldwork.import.done', { count: done.imported, file: done.file })}</Success>}
      {report && !report.valid && <ProblemsTable report={report} />}
      {report && report.valid && (
        <div className="fw-stack fw-stack--tight">
          <FrameSummary report={report} lang={lang} />
          {needOperator && operator.trim() === '' && <p className="fw-inline-warn" role="alert">{t('fieldwork.operator.required')}</p>}
          <div className="fw-actions">
            <button type="button" className="btn btn--secondary" onClick={() => setReport(null)} disabled={phase !== 'idle'}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => void doImport()} disabled={phase !== 'idle'}>
              {phase === 'importing' ? t('fieldwork.import.importing') : t('fieldwork.import.import', { count: report.rows })}
            </button>
          </div>
        </div>
      )}
    </Section>
  );
}

/** Every problem of an invalid frame, located by file, sheet, row and column; nothing is imported. */
function ProblemsTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const captionId = useId();
  const shown = report.errors.slice(0, MAX_PROBLEM_ROWS);
  const hasSheet = report.errors.some((p) => p.sheet !== undefined);
  return (
    <div className="fw-problems">
      <div className="fw-alert fw-alert--error" role="alert">
        <div className="fw-alert__body">
          <strong>{t('fieldwork.import.problemsTitle', { count: report.errors.length })}</strong>
          <span>{t('fieldwork.import.nothingImported', { file: report.file })}</span>
        </div>
      </div>
      <div className="table-panel fw-table-scroll">
        <table className="table fw-table" aria-labelledby={captionId}>
          <caption id={captionId} className="table__caption">{t('fieldwork.import.problemsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fieldwork.import.colFile')}</th>
              {hasSheet && <th scope="col">{t('fieldwork.import.colSheet')}</th>}
              <th scope="col" className="num">{t('fieldwork.import.colRow')}</th>
              <th scope="col">{t('fieldwork.import.colColumn')}</th>
              <th scope="col">{t('fieldwork.import.colValue')}</th>
              <th scope="col">{t('fieldwork.import.colKind')}</th>
              <th scope="col">{t('fieldwork.import.colMessage')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p, i) => (
              <tr key={i}>
                <td className="fw-cell--file">{p.file}</td>
                {hasSheet && <td>{p.sheet ?? t('common.none')}</td>}
                <td className="num">{p.row ?? t('common.none')}</td>
                <td>{p.column ? <code>{p.column}</code> : t('common.none')}</td>
                <td>{p.value !== undefined && p.value !== '' ? <code className="fw-value">{p.value}</code> : <span className="muted">{t('fieldwork.import.emptyValue')}</span>}</td>
                <td><span className="fw-kind">{isProblemKind(p.kind) ? t(`fieldwork.problemKind.${p.kind}`) : p.kind}</span></td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.errors.length > shown.length && <p className="fw-table-note">{t('fieldwork.moreIssues', { count: report.errors.length - shown.length })}</p>}
      </div>
      {report.warnings.length > 0 && <Warnings report={report} />}
    </div>
  );
}

function Warnings({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <div className="fw-alert fw-alert--warn">
      <div className="fw-alert__body">
        <strong>{t('fieldwork.import.warnings', { count: report.warnings.length })}</strong>
        <ul className="fw-alert__issues">
          {report.warnings.slice(0, 20).map((w, i) => (
            <li key={i}>{w.row !== undefined ? `${t('fieldwork.import.colRow')} ${w.row}${w.column ? `, ${w.column}` : ''}: ` : ''}{w.message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** What a valid frame holds: cases, column roles, codes per stratum and the design weights. */
function FrameSummary({ report, lang }: { report: ImportReport; lang: string }) {
  const { t } = useTranslation();
  const c = report.columns;
  const none = t('common.none');
  const source = (variable: string) => report.codesFrom.find((x) => x.variable === variable)?.source;
  const w = report.weights;
  return (
    <div className="fw-summary" aria-label={t('fieldwork.import.summaryLabel')}>
      <Success>{t('fieldwork.import.valid', { file: report.file, count: report.rows })}</Success>
      <Stats
        label={t('fieldwork.import.summaryLabel')}
        items={[
          { label: t('fieldwork.import.cases'), value: formatNumber(report.rows, lang) },
          { label: t('fieldwork.import.strataCount'), value: formatNumber(c.strata.length, lang) },
          { label: t('fieldwork.import.weightRange'), value: w ? `${formatNumber(w.min, lang, 2)} – ${formatNumber(w.max, lang, 2)}` : none, ...(w ? { hint: t('fieldwork.import.weightHint', { count: w.cases }) } : {}) },
          { label: t('fieldwork.import.weightSum'), value: w ? formatNumber(w.sum, lang, 1) : none, ...(w ? { hint: t('fieldwork.import.weightSumHint') } : {}) },
        ]}
      />
      <div className="fw-grid-2">
        <div>
          <h3 className="fw-subtitle">{t('fieldwork.import.roles')}</h3>
          <dl className="fw-roles">
            <dt>{t('fieldwork.import.roleCaseId')}</dt>
            <dd>{c.caseId ? <code>{c.caseId}</code> : t('fieldwork.import.generated')}</dd>
            <dt>{t('fieldwork.import.roleProbability')}</dt>
            <dd>{c.probability ? <code>{c.probability}</code> : none}</dd>
            <dt>{t('fieldwork.import.roleWeight')}</dt>
            <dd>{c.weight ? <code>{c.weight}</code> : none}</dd>
            <dt>{t('fieldwork.import.roleMode')}</dt>
            <dd>{c.mode ? <code>{c.mode}</code> : none}</dd>
            <dt>{t('fieldwork.import.roleContact')}</dt>
            <dd>
              {c.contact.length > 0 ? c.contact.map((x) => <code key={x} className="fw-chip fw-chip--private">{x}</code>) : none}
              {c.contact.length > 0 && <span className="fw-hint fw-hint--block">{t('fieldwork.import.contactNote')}</span>}
            </dd>
          </dl>
        </div>
        <div>
          <h3 className="fw-subtitle">{t('fieldwork.import.strata')}</h3>
          {report.strataSummary.length === 0 ? (
            <p className="muted">{none}</p>
          ) : (
            <ul className="fw-strata">
              {report.strataSummary.map((s) => (
                <li key={s.variable}>
                  <span className="fw-strata__var"><code>{s.variable}</code>
                    <span className="fw-hint"> · {source(s.variable) === 'questionnaire' ? t('fieldwork.import.codesFromQuestionnaire') : source(s.variable) === 'input' ? t('fieldwork.import.codesFromInput') : t('fieldwork.import.codesUnchecked')}</span>
                  </span>
                  <span className="fw-strata__codes">
                    {s.codes.map((code) => (
                      <span key={code.code} className="fw-chip" title={t('fieldwork.import.codeCount', { code: code.code, count: code.count })}>
                        <span className="fw-chip__code">{code.code}</span>
                        <span className="fw-chip__count">{formatNumber(code.count, lang)}</span>
                      </span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {report.warnings.length > 0 && <Warnings report={report} />}
    </div>
  );
}

/** A page of the sample (never contact details), SAMPLE_PAGE rows at a time. */
function SampleTable({ total }: { total: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const captionId = useId();
  const dispositionLabel = useDispositionLabel();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Output<'sample.list'> | null>(null);
  useEffect(() => {
    let live = true;
    invoke('sample.list', { offset, limit: SAMPLE_PAGE }).then(
      (p) => live && setPage(p),
      (err: unknown) => useAppStore.getState().setError(toResultError(err)),
    );
    return () => {
      live = false;
    };
  }, [offset, total]);
  if (!page) return <p className="muted">{t('app.loading')}</p>;
  const strata = [...new Set(page.rows.flatMap((r) => Object.keys(r.strata)))];
  const none = t('common.none');
  return (
    <div className="table-panel fw-table-scroll">
      <table className="table fw-table" aria-labelledby={captionId}>
        <caption id={captionId} className="visually-hidden">{t('fieldwork.sample.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fieldwork.sample.caseId')}</th>
            {strata.map((s) => <th key={s} scope="col">{s}</th>)}
            <th scope="col" className="num">{t('fieldwork.sample.probability')}</th>
            <th scope="col" className="num">{t('fieldwork.sample.weight')}</th>
            <th scope="col">{t('fieldwork.sample.mode')}</th>
            <th scope="col">{t('fieldwork.sample.disposition')}</th>
            <th scope="col">{t('fieldwork.sample.batch')}</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <tr key={r.caseId}>
              <td className="mono">{r.caseId}</td>
              {strata.map((s) => <td key={s}>{r.strata[s] ?? none}</td>)}
              <td className="num">{r.probability === null ? none : formatNumber(r.probability, lang, 4)}</td>
              <td className="num">{r.designWeight === null ? none : formatNumber(r.designWeight, lang, 2)}</td>
              <td>{r.mode ? t(`fieldwork.mode.${r.mode}`) : none}</td>
              <td>{dispositionLabel(r.disposition)}</td>
              <td>{r.batch ?? none}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label={t('fieldwork.sample.pagination')}>
        <span className="pager__info">{t('fieldwork.sample.page', { from: offset + 1, to: offset + page.rows.length, total: page.total })}</span>
        <button type="button" className="btn btn--secondary btn--small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - SAMPLE_PAGE))}>
          {t('common.previous')}
        </button>
        <button type="button" className="btn btn--secondary btn--small" disabled={offset + SAMPLE_PAGE >= page.total} onClick={() => setOffset(offset + SAMPLE_PAGE)}>
          {t('common.next')}
        </button>
      </nav>
    </div>
  );
}
