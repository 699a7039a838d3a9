// The exclusion register: every exclusion with reason code, reason, who and when, and when it was lifted; a row opens its case.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';

/** The exclusion register as a table. */
export function ExclusionsTab() {
  const { t, i18n } = useTranslation();
  const rows = useAppStore((s) => s.cleaningExclusions);
  const load = useAppStore((s) => s.loadExclusions);
  const openCase = useAppStore((s) => s.openCleaningCase);
  const setTab = useAppStore((s) => s.setCleaningTab);
  const df = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'nl', { dateStyle: 'medium', timeStyle: 'short' });
  const when = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : df.format(new Date(iso)));

  useEffect(() => {
    void load();
  }, [load]);

  const active = rows?.filter((r) => r.includedAt === null).length ?? 0;
  return (
    <section className="cl-exclusions" aria-labelledby="cl-ex-title">
      <div className="cl-section-head">
        <h2 id="cl-ex-title" className="cl-h2">{t('cleaning.exclusions.title')}</h2>
        {rows && <span className="muted">{t('cleaning.exclusions.summary', { count: rows.length, active })}</span>}
      </div>
      <div className="table-panel">
        <table className="table">
          <caption className="visually-hidden">{t('cleaning.exclusions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cleaning.col.case')}</th>
              <th scope="col">{t('cleaning.exclusions.code')}</th>
              <th scope="col">{t('cleaning.exclusions.reason')}</th>
              <th scope="col">{t('cleaning.exclusions.by')}</th>
              <th scope="col">{t('cleaning.exclusions.lifted')}</th>
            </tr>
          </thead>
          <tbody>
            {rows === null && <tr><td colSpan={5} className="muted">{t('cleaning.list.loading')}</td></tr>}
            {rows?.length === 0 && <tr><td colSpan={5} className="muted">{t('cleaning.exclusions.none')}</td></tr>}
            {rows?.map((r, i) => (
              <tr key={`${r.caseId}:${r.at}:${i}`} className={r.includedAt ? 'cl-disabled' : undefined}>
                <th scope="row">
                  <button
                    type="button"
                    className="cl-link mono"
                    aria-label={t('cleaning.exclusions.open', { caseId: r.caseId })}
                    onClick={() => {
                      setTab('violations');
                      void openCase(r.caseId);
                    }}
                  >
                    {r.caseId}
                  </button>
                </th>
                <td>{t(`cleaning.exclusionReason.${r.reasonCode}`, { defaultValue: r.reasonCode })}</td>
                <td>{r.reason}</td>
                <td>{r.operator} · {when(r.at)}</td>
                <td>{r.includedAt ? `${r.includedBy ?? ''} · ${when(r.includedAt)}` : <span className="status-pill status-pill--excluded">{t('cleaning.exclusions.active')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
