// The rule run: the button, totals per severity, failed rule tests (prominent), counts per rule (click filters the list), stale corrections, item nonresponse.
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { NonresponseTable } from './NonresponseTable';

/** The run button and the summary of the last run. */
export function RunSummary() {
  const { t, i18n } = useTranslation();
  const run = useAppStore((s) => s.cleaningRun);
  const running = useAppStore((s) => s.cleaningRunning);
  const runCleaning = useAppStore((s) => s.runCleaning);
  const filter = useAppStore((s) => s.cleaningFilter);
  const setFilter = useAppStore((s) => s.setCleaningFilter);
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl');
  const counts = run ? [...run.counts].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)) : [];

  return (
    <section className="card cl-run" aria-labelledby="cl-run-title">
      <div className="cl-run__head">
        <div>
          <h2 id="cl-run-title" className="card__title cl-run__title">{t('cleaning.run.title')}</h2>
          <p className="muted cl-run__meta">
            {run ? t('cleaning.run.meta', { cases: nf.format(run.cases), ms: nf.format(Math.round(run.durationMs)) }) : t('cleaning.run.never')}
          </p>
        </div>
        <button type="button" className="btn btn--primary" disabled={running} aria-busy={running} onClick={() => void runCleaning()}>
          {running ? t('cleaning.run.running') : t('cleaning.run.button')}
        </button>
      </div>
      {run && (
        <>
          <dl className="cl-totals" aria-label={t('cleaning.run.totals')}>
            <div className="cl-total cl-total--error"><dt>{t('cleaning.severity.error')}</dt><dd>{nf.format(run.totals.error)}</dd></div>
            <div className="cl-total cl-total--warning"><dt>{t('cleaning.severity.warning')}</dt><dd>{nf.format(run.totals.warning)}</dd></div>
            <div className="cl-total"><dt>{t('cleaning.run.accepted')}</dt><dd>{nf.format(run.totals.accepted)}</dd></div>
            <div className="cl-total"><dt>{t('cleaning.run.rules')}</dt><dd>{nf.format(run.counts.length)}</dd></div>
          </dl>
          {run.ruleTests.length > 0 && (
            <div className="cl-testfail" role="alert">
              <strong>{t('cleaning.run.testsFailed', { count: run.ruleTests.length })}</strong>
              <ul>
                {run.ruleTests.map((f, i) => (
                  <li key={i}>
                    <code>{f.rule}</code> — {t('cleaning.run.testFailure', { example: f.example + 1, expected: t(f.expected ? 'cleaning.rules.triggers' : 'cleaning.rules.notTriggers'), actual: t(f.actual ? 'cleaning.rules.triggers' : 'cleaning.rules.notTriggers') })}
                    {f.note ? ` (${f.note})` : ''}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {run.staleCorrections.length > 0 && (
            <div className="cl-warn" role="note">
              <strong>{t('cleaning.run.stale', { count: run.staleCorrections.length })}</strong>
              <ul>
                {run.staleCorrections.slice(0, 10).map((s) => (
                  <li key={`${s.caseId}:${s.variable}`}>{t('cleaning.run.staleRow', { caseId: s.caseId, variable: s.variable, from: s.correctedFrom ?? '∅', now: s.keyedNow ?? '∅', to: s.correctedTo ?? '∅' })}</li>
                ))}
              </ul>
            </div>
          )}
          {counts.length > 0 && (
            <details className="cl-counts" open={counts.length <= 12}>
              <summary>{t('cleaning.run.perRule', { count: counts.length })}</summary>
              <div className="cl-counts__scroll">
                <table className="table cl-counts__table">
                  <caption className="visually-hidden">{t('cleaning.run.perRuleCaption')}</caption>
                  <thead>
                    <tr><th scope="col">{t('cleaning.col.rule')}</th><th scope="col">{t('cleaning.col.kind')}</th><th scope="col">{t('cleaning.col.severity')}</th><th scope="col" className="num">{t('cleaning.col.count')}</th></tr>
                  </thead>
                  <tbody>
                    {counts.map((c) => (
                      <tr key={`${c.ruleId}:${c.severity}`} className={filter.ruleId === c.ruleId ? 'cl-counts__row--on' : undefined}>
                        <td>
                          <button type="button" className="cl-link" aria-pressed={filter.ruleId === c.ruleId} onClick={() => setFilter({ ruleId: filter.ruleId === c.ruleId ? '' : c.ruleId })}>
                            <code>{c.ruleId}</code>
                          </button>
                        </td>
                        <td>{t(`cleaning.kind.${c.kind}`, { defaultValue: c.kind })}</td>
                        <td><SeverityBadge severity={c.severity} /></td>
                        <td className="num">{nf.format(c.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
          <NonresponseTable />
        </>
      )}
    </section>
  );
}

/** A coloured badge naming a severity. */
export function SeverityBadge({ severity }: { severity: 'error' | 'warning' }) {
  const { t } = useTranslation();
  return <span className={`cl-sev cl-sev--${severity}`}>{t(`cleaning.severity.${severity}`)}</span>;
}
