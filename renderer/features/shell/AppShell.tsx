// The app shell after a project is open: header, work-area navigation, the active area and the status bar.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectArea, selectBusy, selectProject } from '../../stores/selectors';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ErrorBanner } from '../../components/ErrorBanner';
import { NavBar } from './NavBar';
import { StatusBar } from './StatusBar';
import { useAreaShortcuts } from './useAreaShortcuts';
import { AreaView } from '../areas/AreaView';
import { showBackups } from '../backups/restoreOffer';

/** The shell around the work areas; shown while a project is open. */
export function AppShell() {
  const { t } = useTranslation();
  const project = useAppStore(selectProject);
  const area = useAppStore(selectArea);
  const busy = useAppStore(selectBusy);
  const closeProject = useAppStore((s) => s.closeProject);
  useAreaShortcuts();

  useEffect(() => {
    document.title = project ? `${project.title} — ${t('app.name')}` : t('app.name');
  }, [project, t]);

  if (!project) return null;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="topbar">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">V</span>
          <span className="brand__name">{t('app.name')}</span>
        </div>
        <div className="topbar__project" title={project.path}>
          <span className="topbar__project-label">{t('shell.projectMenu')}</span>
          <span className="topbar__project-title" data-testid="project-title">{project.title}</span>
        </div>
        <div className="topbar__actions">
          <LanguageSwitch />
          <button type="button" className="btn btn--secondary btn--small" disabled={busy || project.readOnly} onClick={() => void showBackups(project.path, null)}>
            {t('backups.action')}
          </button>
          <button type="button" className="btn btn--secondary btn--small" disabled={busy} onClick={() => void closeProject()}>
            {t('shell.closeProject')}
          </button>
        </div>
      </header>
      <NavBar />
      <main id="main" className="shell__main" tabIndex={-1}>
        <ErrorBanner />
        <AreaView area={area} />
      </main>
      <StatusBar />
    </div>
  );
}
