// Start screen: new project, open project, example project (later) and the recent-projects list.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectBusy, selectRecent } from '../../stores/selectors';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ErrorBanner } from '../../components/ErrorBanner';
import { fileNameForTitle, pickAndOpenProject, pickSaveLocation } from './projectActions';
import { invoke, toResultError } from '../../api/client';
import { openProjectOfferingBackups, showBackups } from '../backups/restoreOffer';

/** Builds the Monitor 2014 example project (backend channel example.open, a few seconds) and opens it in the store. */
async function openExampleProject(): Promise<void> {
  const store = useAppStore.getState();
  store.setError(null);
  try {
    const info = await invoke('example.open', {});
    await store.openProject(info.path);
  } catch (err) {
    store.setError(toResultError(err));
  }
}

/** The screen shown while no project is open. */
export function StartScreen() {
  const { t } = useTranslation();
  return (
    <div className="start">
      <header className="start__hero">
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">V</span>
          <span className="brand__name">{t('app.name')}</span>
        </div>
        <p className="start__tagline">{t('app.tagline')}</p>
        <LanguageSwitch />
      </header>
      <main id="main" className="start__main" tabIndex={-1}>
        <h1 className="start__title">{t('start.title')}</h1>
        <p className="start__intro">{t('start.intro')}</p>
        <ErrorBanner />
        <div className="start__grid">
          <NewProjectCard />
          <div className="start__column">
            <OpenProjectCard />
            <RecentProjectsCard />
          </div>
        </div>
        <p className="start__privacy muted">{t('start.privacy')}</p>
      </main>
    </div>
  );
}

function NewProjectCard() {
  const { t } = useTranslation();
  const headingId = useId();
  const busy = useAppStore(selectBusy);
  const createProject = useAppStore((s) => s.createProject);
  const [title, setTitle] = useState('');
  const [path, setPath] = useState<string | null>(null);

  const choose = async () => {
    const picked = await pickSaveLocation(fileNameForTitle(title));
    if (picked) setPath(picked);
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">{t('start.newHeading')}</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (path) void createProject(path, title.trim() || undefined);
        }}
      >
        <label className="field">
          <span className="field__label">{t('start.titleLabel')}</span>
          <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t('start.titlePlaceholder')} maxLength={200} />
        </label>
        <div className="field">
          <span className="field__label" id={`${headingId}-loc`}>{t('start.locationLabel')}</span>
          <div className="location">
            <output className={`location__path${path ? '' : ' location__path--empty'}`} aria-labelledby={`${headingId}-loc`}>
              {path ?? t('start.locationPlaceholder')}
            </output>
            <button type="button" className="btn btn--secondary" onClick={() => void choose()}>
              {t('start.chooseLocation')}
            </button>
          </div>
        </div>
        <div className="card__actions">
          <button type="submit" className="btn btn--primary" disabled={!path || busy}>
            {busy ? t('start.creating') : t('start.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function OpenProjectCard() {
  const { t } = useTranslation();
  const headingId = useId();
  const storeBusy = useAppStore(selectBusy);
  // Building the example takes a few seconds before the store's own busy flag (project.open) is set.
  const [building, setBuilding] = useState(false);
  const busy = storeBusy || building;
  const openExample = async () => {
    setBuilding(true);
    try {
      await openExampleProject();
    } finally {
      setBuilding(false);
    }
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">{t('start.openHeading')}</h2>
      <div className="button-row">
        <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void pickAndOpenProject()}>
          {t('start.open')}
        </button>
        <button type="button" className="btn btn--secondary" disabled={busy} aria-busy={building} aria-describedby={`${headingId}-ex`} onClick={() => void openExample()}>
          {building ? t('start.buildingExample') : t('start.openExample')}
        </button>
      </div>
      <p id={`${headingId}-ex`} className="muted start__hint" role="status">{building ? t('start.buildingExampleHint') : t('start.exampleHint')}</p>
    </section>
  );
}

function RecentProjectsCard() {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const recent = useAppStore(selectRecent);
  const busy = useAppStore(selectBusy);
  const fmt = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'nl', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="card__title">{t('start.recentHeading')}</h2>
      {recent.length === 0 ? (
        <p className="muted">{t('start.recentEmpty')}</p>
      ) : (
        <ul className="recent">
          {recent.map((r) => (
            <li key={r.path} className="recent__row">
              <button
                type="button"
                className="recent__item"
                disabled={busy || !r.exists}
                aria-label={t('start.openRecent', { title: r.title, path: r.path })}
                onClick={() => void openProjectOfferingBackups(r.path)}
              >
                <span className="recent__title">{r.title}</span>
                <span className="recent__path">{r.path}</span>
                <span className="recent__meta">
                  {r.exists ? t('start.openedAt', { date: safeDate(fmt, r.openedAt) }) : t('start.recentMissing')}
                </span>
              </button>
              <button
                type="button"
                className="btn btn--secondary btn--small recent__backups"
                disabled={busy}
                aria-label={t('backups.openFor', { title: r.title })}
                onClick={() => void showBackups(r.path, null)}
              >
                {t('backups.action')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function safeDate(fmt: Intl.DateTimeFormat, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
}
