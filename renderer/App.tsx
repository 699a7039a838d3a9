// Root component: start screen or app shell, the in-page file picker and the native-menu bridge.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from './stores';
import { selectProject, selectReady } from './stores/selectors';
import { onMenuCommand, usesPagePicker } from './api/client';
import { StartScreen } from './features/start/StartScreen';
import { AppShell } from './features/shell/AppShell';
import { FilePickerHost } from './components/FilePicker';
import { fileNameForTitle, pickAndOpenProject, pickSaveLocation } from './features/start/projectActions';
import { openProjectOfferingBackups } from './features/backups/restoreOffer';
import { BackupsDialogHost } from './features/backups/BackupsDialog';

/** The whole renderer UI. */
export function App() {
  const { t } = useTranslation();
  const ready = useAppStore(selectReady);
  const project = useAppStore(selectProject);

  useEffect(() => {
    const s = useAppStore.getState();
    void s.refreshProject();
    void s.loadRecent();
  }, []);

  useEffect(
    () =>
      onMenuCommand((cmd) => {
        const s = useAppStore.getState();
        switch (cmd.command) {
          case 'newProject':
            void pickSaveLocation(fileNameForTitle('')).then((path) => (path ? s.createProject(path) : false));
            break;
          case 'openProject':
            void pickAndOpenProject();
            break;
          case 'openRecent':
            void openProjectOfferingBackups(cmd.path);
            break;
          case 'closeProject':
            void s.closeProject();
            break;
        }
      }),
    [],
  );

  if (!ready) {
    return (
      <div className="loading" role="status">
        {t('app.loading')}
      </div>
    );
  }
  return (
    <>
      {project ? <AppShell /> : <StartScreen />}
      <BackupsDialogHost />
      {usesPagePicker() && <FilePickerHost />}
    </>
  );
}
