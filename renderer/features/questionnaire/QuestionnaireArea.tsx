// The Vragenlijst area: import/export XLSForm, notices and problems, and the codebook, builder, paper form, entry preview and compare tabs.
import { useEffect, useState } from 'react';
import { TabList } from '../../components/TabList';
import { useTranslation } from 'react-i18next';
import { invoke, toResultError } from '../../api/client';
import { useAppStore } from '../../stores';
import { selectProject } from '../../stores/selectors';
import { ProblemTable } from './ProblemTable';
import { CodebookView } from './CodebookView';
import { PaperForm } from './PaperForm';
import { Builder } from './Builder';
import { EntryPreview } from './EntryPreview';
import { CompareView } from './CompareView';
import { newQuestionnaire } from './model';

const TABS = ['codebook', 'builder', 'paper', 'preview', 'compare'] as const;
type Tab = (typeof TABS)[number];

/** The Vragenlijst work area's main panel. */
export function QuestionnaireArea() {
  const { t } = useTranslation();
  const project = useAppStore(selectProject);
  const qState = useAppStore((s) => s.qState);
  const draft = useAppStore((s) => s.qDraft);
  const dirty = useAppStore((s) => s.qDirty);
  const busy = useAppStore((s) => s.qBusy);
  const load = useAppStore((s) => s.loadQuestionnaire);
  const [tab, setTab] = useState<Tab>('codebook');
  const projectPath = project?.path;

  useEffect(() => {
    if (projectPath) void load();
  }, [projectPath, load]);

  const startNew = () => {
    const s = useAppStore.getState();
    s.setDraft(newQuestionnaire(project?.title ?? t('questionnaire.newTitle'), t('questionnaire.defaultLanguage')));
    setTab('builder');
  };


  const renderTab = (id: Tab) => (
    <>
      {t(`questionnaire.tabs.${id}`)}
      {id === 'builder' && dirty && <span className="qn-dot" aria-label={t('questionnaire.unsaved')} title={t('questionnaire.unsaved')} />}
    </>
  );

  const hasAny = qState !== undefined && (qState !== null || draft !== null);

  return (
    <div className="qn">
      <Toolbar onNew={startNew} />
      <Notice />
      <Problems />
      {qState === undefined && busy && <p className="muted">{t('questionnaire.loading')}</p>}
      {qState !== undefined && !hasAny && (
        <div className="empty">
          <div className="empty__icon" aria-hidden="true" />
          <h2 className="empty__title">{t('areas.questionnaire.emptyTitle')}</h2>
          <p className="empty__text">{t('areas.questionnaire.emptyText')}</p>
        </div>
      )}
      {hasAny && (
        <>
          {qState && <VersionInfo />}
          <TabList tabs={TABS} active={tab} onSelect={setTab} label={t('questionnaire.tabsLabel')} idPrefix="qn" className="qn-tabs" tabClass="qn-tabs__tab" renderTab={renderTab} />
          <div className="qn-panel" role="tabpanel" id={`qn-panel-${tab}`} aria-labelledby={`qn-tab-${tab}`}>
            {tab === 'codebook' && (qState ? <CodebookView questionnaire={qState.questionnaire} /> : <p className="muted">{t('questionnaire.notSavedYet')}</p>)}
            {tab === 'builder' && <Builder />}
            {tab === 'paper' && (qState ? <PaperForm questionnaire={qState.questionnaire} /> : <p className="muted">{t('questionnaire.notSavedYet')}</p>)}
            {tab === 'preview' && draft && <EntryPreview questionnaire={draft} />}
            {tab === 'compare' && (qState ? <CompareView key={qState.versionId} state={qState} /> : <p className="muted">{t('questionnaire.notSavedYet')}</p>)}
          </div>
        </>
      )}
    </div>
  );
}

/** Import (file or folder), export and "new questionnaire" buttons. */
function Toolbar({ onNew }: { onNew(): void }) {
  const { t } = useTranslation();
  const qState = useAppStore((s) => s.qState);
  const draft = useAppStore((s) => s.qDraft);
  const busy = useAppStore((s) => s.qBusy);

  const pick = async (folder: boolean) => {
    try {
      const { path } = await invoke('dialog.openFile', folder ? { folder: true, title: t('questionnaire.pickFolderTitle') } : { extensions: ['xlsx'], title: t('questionnaire.pickFileTitle') });
      if (path) await useAppStore.getState().importQuestionnaire(path);
    } catch (err) {
      useAppStore.getState().setError(toResultError(err));
    }
  };
  const exportIt = async () => {
    try {
      const name = `${(qState?.questionnaire.id ?? 'vragenlijst').replace(/[^\w.-]+/g, '_')}-${qState?.version ?? '1'}.xlsx`;
      const { path } = await invoke('dialog.saveFile', { extensions: ['xlsx'], defaultName: name, title: t('questionnaire.exportTitle') });
      if (path) await useAppStore.getState().exportQuestionnaire(path);
    } catch (err) {
      useAppStore.getState().setError(toResultError(err));
    }
  };
  return (
    <div className="qn-toolbar" role="toolbar" aria-label={t('questionnaire.toolbarLabel')}>
      <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void pick(false)}>
        {t('questionnaire.importFile')}
      </button>
      <button type="button" className="btn btn--secondary" disabled={busy} onClick={() => void pick(true)}>
        {t('questionnaire.importFolder')}
      </button>
      <button type="button" className="btn btn--secondary" disabled={busy || !qState} onClick={() => void exportIt()}>
        {t('questionnaire.export')}
      </button>
      {!qState && !draft && (
        <button type="button" className="btn btn--secondary" disabled={busy} onClick={onNew}>
          {t('questionnaire.new')}
        </button>
      )}
      {busy && <span className="muted qn-toolbar__busy" role="status">{t('questionnaire.working')}</span>}
    </div>
  );
}

/** The outcome of the last import, save or export, with the form's warnings. */
function Notice() {
  const { t } = useTranslation();
  const notice = useAppStore((s) => s.qNotice);
  const dismiss = useAppStore((s) => s.dismissQuestionnaireNotice);
  if (!notice) return null;
  const text =
    notice.kind === 'exported'
      ? t('questionnaire.notice.exported', { path: notice.path })
      : t(`questionnaire.notice.${notice.kind}`, { version: notice.version, change: t(`questionnaire.change.${notice.change ?? 'new'}`) });
  return (
    <div className="qn-notice" role="status">
      <div className="qn-notice__body">
        <p className="qn-notice__title">{text}</p>
        {notice.warnings.length > 0 && (
          <details className="qn-notice__warnings">
            <summary>{t('questionnaire.warnings', { count: notice.warnings.length })}</summary>
            <ProblemTable issues={notice.warnings} caption={t('questionnaire.warningsCaption')} />
          </details>
        )}
      </div>
      <button type="button" className="btn btn--ghost btn--small" onClick={dismiss} aria-label={t('common.dismiss')}>
        ×
      </button>
    </div>
  );
}

/** The problems of a refused import or save. */
function Problems() {
  const { t } = useTranslation();
  const problems = useAppStore((s) => s.qProblems);
  const dismiss = useAppStore((s) => s.dismissQuestionnaireProblems);
  if (!problems) return null;
  return (
    <section className="qn-problems" role="alert" aria-labelledby="qn-problems-title">
      <div className="qn-problems__head">
        <h2 id="qn-problems-title" className="qn-problems__title">
          {problems.action === 'import' ? t('questionnaire.problems.importTitle', { count: problems.issues.length }) : t('questionnaire.problems.saveTitle', { count: problems.issues.length })}
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={dismiss} aria-label={t('common.dismiss')}>
          ×
        </button>
      </div>
      <p className="qn-problems__text">{problems.action === 'import' ? t('questionnaire.problems.importText') : t('questionnaire.problems.saveText')}</p>
      <ProblemTable issues={problems.issues} caption={t('questionnaire.problems.caption')} />
    </section>
  );
}

/** Version, frozen state, case count and the list of stored versions. */
function VersionInfo() {
  const { t } = useTranslation();
  const qState = useAppStore((s) => s.qState);
  if (!qState) return null;
  const q = qState.questionnaire;
  return (
    <section className="qn-version" aria-label={t('questionnaire.version.label')}>
      <dl className="qn-version__facts">
        <div>
          <dt>{t('questionnaire.version.title')}</dt>
          <dd>{q.title}</dd>
        </div>
        <div>
          <dt>{t('questionnaire.version.version')}</dt>
          <dd>
            <span className="mono">{qState.version}</span>{' '}
            <span className={`badge ${qState.frozen ? 'badge--muted' : 'badge--ok'}`}>{qState.frozen ? t('questionnaire.version.frozen') : t('questionnaire.version.editable')}</span>
          </dd>
        </div>
        <div>
          <dt>{t('questionnaire.version.cases')}</dt>
          <dd>{qState.caseCount}</dd>
        </div>
        <div>
          <dt>{t('questionnaire.version.languages')}</dt>
          <dd>{q.languages.join(', ')}</dd>
        </div>
      </dl>
      {qState.versions.length > 1 && (
        <details className="qn-version__list">
          <summary>{t('questionnaire.version.all', { count: qState.versions.length })}</summary>
          <ul>
            {qState.versions.map((v) => (
              <li key={v.versionId}>
                <span className="mono">{v.version}</span> · {new Date(v.createdAt).toLocaleString()} {v.frozen && <span className="badge badge--muted">{t('questionnaire.version.frozen')}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
