// Status bar: project file path, questionnaire version and case counts of the open project.
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectCounts, selectProject } from '../../stores/selectors';

/** The bottom status bar of the app shell. Renders nothing without an open project. */
export function StatusBar() {
  const { t } = useTranslation();
  const project = useAppStore(selectProject);
  const counts = useAppStore(selectCounts);
  if (!project) return null;
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <dl className="statusbar__items">
        <div className="statusbar__item statusbar__item--file">
          <dt>{t('status.file')}</dt>
          <dd title={project.path} data-testid="status-file">{project.path}</dd>
        </div>
        <div className="statusbar__item">
          <dt>{t('status.questionnaire')}</dt>
          <dd data-testid="status-questionnaire">
            {project.questionnaireVersion ? t('status.version', { version: project.questionnaireVersion }) : t('status.noQuestionnaire')}
          </dd>
        </div>
        <div className="statusbar__item">
          <dt>{t('status.cases')}</dt>
          <dd data-testid="status-cases">{t('status.casesSummary', counts)}</dd>
        </div>
        {project.readOnly && (
          <div className="statusbar__item statusbar__item--warn">
            <dd>{t('status.readOnly')}</dd>
          </div>
        )}
        <div className="statusbar__item statusbar__item--end">
          <dd>{t('status.schema', { version: project.schemaVersion })}</dd>
        </div>
      </dl>
    </footer>
  );
}
