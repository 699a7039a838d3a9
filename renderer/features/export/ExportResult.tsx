// Progress of a running export and the result panel: files with sizes, sheets, counts, SHA-256 and notes.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportJobStatus, ExportRunOutput } from '../../../shared/contract/export';
import { fileName, folderOf, formatBytes } from './format';
import { exportNoteText } from './notes';

/** A progress bar with the current phase (sheet name) and rows written; announced politely. */
export function ExportProgress({ job }: { job: ExportJobStatus }) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl');
  const labelId = useId();
  const known = job.total > 0;
  return (
    <section className="card xp-progress" aria-labelledby={labelId}>
      <h2 id={labelId} className="xp-card__title">{t('export.run.progress')}</h2>
      <progress className="xp-progress__bar" aria-labelledby={labelId} {...(known ? { max: job.total, value: Math.min(job.done, job.total) } : {})} />
      <p className="xp-hint">
        {job.phase === 'start' ? t('export.run.starting') : t('export.run.phase', { phase: job.phase })}
        {known && <> · {t('export.run.rows', { done: nf.format(job.done), total: nf.format(job.total) })}</>}
      </p>
    </section>
  );
}

/** What one export wrote. */
export function ExportResult({ result }: { result: ExportRunOutput }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const nf = new Intl.NumberFormat(lang);
  const titleId = useId();
  const ref = useRef<HTMLElement>(null);
  // The result appears below the form: bring it into view once.
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [result]);
  const files: { kind: string; path: string; bytes: number | null }[] = [
    { kind: t('export.result.kindXlsx'), path: result.path, bytes: result.bytes },
    ...(result.csv ? [{ kind: t('export.result.kindCsv'), path: result.csv.path, bytes: result.csv.bytes }] : []),
    ...(result.sps ? [{ kind: t('export.result.kindSps'), path: result.sps.path, bytes: result.sps.bytes }] : []),
  ];
  return (
    <section ref={ref} className="card xp-result" aria-labelledby={titleId}>
      <header className="xp-result__header">
        <span className="xp-result__icon" aria-hidden="true">✓</span>
        <div>
          <h2 id={titleId} className="xp-card__title">{t('export.result.title')}</h2>
          <p className="xp-hint mono">{folderOf(result.path)}</p>
        </div>
      </header>
      <dl className="xp-result__figures">
        <div className="xp-fig">
          <dt>{t('export.result.cases')}</dt>
          <dd>{nf.format(result.cases)}</dd>
        </div>
        <div className="xp-fig">
          <dt>{t('export.result.excluded')}</dt>
          <dd>{nf.format(result.excluded)}</dd>
        </div>
        <div className="xp-fig">
          <dt>{t('export.result.columns')}</dt>
          <dd>{nf.format(result.columns)}</dd>
        </div>
        <div className="xp-fig">
          <dt>{t('export.result.sheets')}</dt>
          <dd>{nf.format(result.sheets.length)}</dd>
        </div>
      </dl>
      <table className="table xp-files-table">
        <caption>{t('export.result.files')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('export.result.file')}</th>
            <th scope="col">{t('export.result.kind')}</th>
            <th scope="col" className="num">{t('export.result.size')}</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.path}>
              <td className="mono" title={f.path}>{fileName(f.path)}</td>
              <td>{f.kind}</td>
              <td className="num">{f.bytes === null ? t('common.none') : formatBytes(f.bytes, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="xp-result__block">
        <h3 className="xp-result__subtitle">{t('export.result.sheets')}</h3>
        <ul className="xp-chips" aria-label={t('export.result.sheets')}>
          {result.sheets.map((s) => (
            <li key={s} className="xp-chip">{s}</li>
          ))}
        </ul>
      </div>
      <div className="xp-result__block">
        <h3 className="xp-result__subtitle">{t('export.result.sha')}</h3>
        <p className="xp-sha mono" aria-label={t('export.result.sha')}>{result.dataSha256}</p>
        <p className="xp-hint">{t('export.result.shaHint')}</p>
      </div>
      {(result.notes.length > 0 || result.truncatedCells > 0 || result.identifiersIncluded.length > 0) && (
        <div className="xp-result__block">
          <h3 className="xp-result__subtitle">{t('export.result.notes')}</h3>
          <ul className="xp-notes">
            {result.identifiersIncluded.length > 0 && <li className="xp-notes__warn">{t('export.result.identifiers', { names: result.identifiersIncluded.join(', ') })}</li>}
            {result.truncatedCells > 0 && <li>{t('export.result.truncated', { count: result.truncatedCells })}</li>}
            {result.notes.map((n) => (
              <li key={n}>{exportNoteText(n, t, lang)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
