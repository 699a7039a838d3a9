// The common layout of a work area: heading, purpose, key figures, tasks and the area's main panel.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AREA_SLUGS, type AreaId } from '../shell/areas';
import { useAppStore } from '../../stores';
import { selectCasesLoading } from '../../stores/selectors';

/** One live figure shown as a stat tile. */
export interface Figure {
  label: string;
  value: string;
  hint?: string;
  /** 'text' for a word rather than a number (shown smaller). */
  kind?: 'number' | 'text';
}

/** One task of the area with whether it is available yet. */
export interface Task {
  label: string;
  available: boolean;
}

/** Props of {@link AreaPage}. */
export interface AreaPageProps {
  area: AreaId;
  figures: Figure[];
  tasks: Task[];
  children?: ReactNode;
}

/** Renders one work area as a page with a level-1 heading named after the area. */
export function AreaPage({ area, figures, tasks, children }: AreaPageProps) {
  const { t } = useTranslation();
  const figId = useId();
  const taskId = useId();
  return (
    <article className="area" id={`area-${AREA_SLUGS[area]}`} aria-labelledby={`area-${AREA_SLUGS[area]}-title`}>
      <header className="area__header">
        <div>
          <h1 id={`area-${AREA_SLUGS[area]}-title`} className="area__title">{t(`areas.${area}.title`)}</h1>
          <p className="area__purpose">{t(`areas.${area}.purpose`)}</p>
        </div>
        <RefreshButton />
      </header>
      <section className="area__figures" aria-labelledby={figId}>
        <h2 id={figId} className="visually-hidden">{t('area.figures')}</h2>
        <dl className="figures">
          {figures.map((f) => (
            <div key={f.label} className="figure">
              <dt className="figure__label">{f.label}</dt>
              <dd className={`figure__value${f.kind === 'text' ? ' figure__value--text' : ''}`}>{f.value}</dd>
              {f.hint && <dd className="figure__hint">{f.hint}</dd>}
            </div>
          ))}
        </dl>
      </section>
      <div className="area__body">
        <div className="area__main">{children}</div>
        <aside className="area__aside" aria-labelledby={taskId}>
          <h2 id={taskId} className="section-title">{t('area.tasks')}</h2>
          <ul className="tasks">
            {tasks.map((task) => (
              <li key={task.label} className="task">
                <span className="task__label">{task.label}</span>
                <span className={`badge ${task.available ? 'badge--ok' : 'badge--muted'}`}>
                  {task.available ? t('common.available') : t('common.comingShort')}
                </span>
              </li>
            ))}
          </ul>
        </aside>
      </div>
    </article>
  );
}

/** Re-reads the project's figures (and the loaded case-list page) from the backend. */
function RefreshButton() {
  const { t } = useTranslation();
  const busy = useAppStore(selectCasesLoading);
  const refresh = () => {
    const s = useAppStore.getState();
    void s.refreshProject();
    if (s.cases) void s.loadCases(s.cases.offset);
  };
  return (
    <button type="button" className="btn btn--secondary btn--small area__refresh" disabled={busy} onClick={refresh}>
      <span aria-hidden="true">↻</span> {t('shell.refresh')}
    </button>
  );
}

/**
 * A bordered empty-state panel with a title, an explanation and the area's first actions. Actions that
 * a later issue delivers are shown but marked "volgt" (aria-disabled, with a tooltip).
 */
export function EmptyState({ title, text, actions = [] }: { title: string; text: string; actions?: string[] }) {
  const { t } = useTranslation();
  return (
    <div className="empty">
      <div className="empty__icon" aria-hidden="true" />
      <h2 className="empty__title">{title}</h2>
      <p className="empty__text">{text}</p>
      {actions.length > 0 && (
        <div className="button-row empty__actions">
          {actions.map((label, i) => (
            <button
              key={label}
              type="button"
              className={`btn ${i === 0 ? 'btn--primary' : 'btn--secondary'}`}
              aria-disabled="true"
              title={t('common.comingSoon')}
              onClick={(e) => e.preventDefault()}
            >
              {label}
              <span className="badge badge--muted">{t('common.comingShort')}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
