// The case list of the Invoer area: one page of rows at a time (never more than CASE_PAGE_SIZE rendered).
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectCases, selectCasesLoading, selectProject } from '../../stores/selectors';
import { CASE_PAGE_SIZE } from '../../stores/caseListSlice';
import { EmptyState } from './AreaPage';

/** A paged table over `case.list`; loads the first page when the project changes. */
export function CaseTable() {
  const { t, i18n } = useTranslation();
  const captionId = useId();
  const project = useAppStore(selectProject);
  const cases = useAppStore(selectCases);
  const loading = useAppStore(selectCasesLoading);
  const loadCases = useAppStore((s) => s.loadCases);
  const projectPath = project?.path;

  useEffect(() => {
    if (projectPath) void loadCases(0);
  }, [projectPath, loadCases]);

  if (!cases) return <p className="muted" aria-busy="true">{t('app.loading')}</p>;
  if (cases.total === 0) {
    const actions = Object.values(t('areas.entry.actions', { returnObjects: true }) as Record<string, string>);
    return <EmptyState title={t('areas.entry.emptyTitle')} text={t('areas.entry.emptyText')} actions={actions} />;
  }

  const fmt = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'nl', { dateStyle: 'short', timeStyle: 'short' });
  const from = cases.offset + 1;
  const to = cases.offset + cases.rows.length;
  return (
    <div className="table-panel">
      <table className="table" aria-labelledby={captionId} aria-busy={loading}>
        <caption id={captionId} className="table__caption">{t('areas.entry.tableLabel')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('areas.entry.caseId')}</th>
            <th scope="col">{t('areas.entry.status')}</th>
            <th scope="col">{t('import.caseList.source')}</th>
            <th scope="col">{t('areas.entry.batch')}</th>
            <th scope="col">{t('areas.entry.updatedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.rows.map((r) => (
            <tr key={r.id}>
              <td className="mono">{r.caseId}</td>
              <td>
                <span className={`status-pill status-pill--${r.status}`}>{isCaseStatus(r.status) ? t(`caseStatus.${r.status}`) : r.status}</span>
              </td>
              <td>{r.source ? t(`import.caseList.sources.${r.source}`, { defaultValue: r.source }) : t('common.none')}</td>
              <td>{r.batch ?? t('common.none')}</td>
              <td>{formatDate(fmt, r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label={t('areas.entry.pagination')}>
        <span className="pager__info">{t('areas.entry.page', { from, to, total: cases.total })}</span>
        <button type="button" className="btn btn--secondary btn--small" disabled={loading || cases.offset === 0} onClick={() => void loadCases(cases.offset - CASE_PAGE_SIZE)}>
          {t('common.previous')}
        </button>
        <button type="button" className="btn btn--secondary btn--small" disabled={loading || to >= cases.total} onClick={() => void loadCases(cases.offset + CASE_PAGE_SIZE)}>
          {t('common.next')}
        </button>
      </nav>
    </div>
  );
}

const CASE_STATUSES = ['open', 'complete', 'verified', 'excluded'] as const;

function isCaseStatus(s: string): s is (typeof CASE_STATUSES)[number] {
  return (CASE_STATUSES as readonly string[]).includes(s);
}

function formatDate(fmt: Intl.DateTimeFormat, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
}
