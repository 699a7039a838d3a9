// The Opschonen (cleaning) area: operator, rule run and summary, and the tabs violations / edit rules / derived variables / exclusion register / audit log.
import { useEffect } from 'react';
import { TabList } from '../../components/TabList';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectProject } from '../../stores/selectors';
import { CLEANING_TABS, type CleaningTab } from '../../stores/cleaningSlice';
import { RunSummary } from './RunSummary';
import { ViolationsTab } from './ViolationsTab';
import { RulesTab } from './RulesTab';
import { ExclusionsTab } from './ExclusionsTab';
import { AuditTab } from './AuditTab';
import { DerivedTab } from './DerivedTab';
import { cleaningErrorKey } from './format';
import { undoNoticeText } from './undoNotice';

/** The cleaning feature: resets when another project opens; ARIA tabs with arrow keys. */
export function CleaningArea() {
  const { t } = useTranslation();
  const project = useAppStore(selectProject);
  const tab = useAppStore((s) => s.cleaningTab);
  const setTab = useAppStore((s) => s.setCleaningTab);
  const qState = useAppStore((s) => s.qState);
  const projectPath = project?.path;

  useEffect(() => {
    useAppStore.getState().resetCleaning();
    if (projectPath) void useAppStore.getState().reloadViolations();
  }, [projectPath]);
  // A refusal belongs to this area: leaving it (another area of the app) clears its alert.
  useEffect(() => () => useAppStore.getState().clearCleaningError(), []);
  useEffect(() => {
    if (projectPath && qState === undefined) void useAppStore.getState().loadQuestionnaire();
  }, [projectPath, qState]);


  return (
    <div className="cl">
      <div className="cl__bar">
        <TabList tabs={CLEANING_TABS} active={tab} onSelect={setTab} label={t('cleaning.tabsLabel')} idPrefix="cl" className="cl-tabs" tabClass="cl-tab" renderTab={(x: CleaningTab) => t(`cleaning.tabs.${x}`)} />
        <OperatorInput />
      </div>
      <Feedback />
      <div role="tabpanel" id={`cl-panel-${tab}`} aria-labelledby={`cl-tab-${tab}`} className="cl__panel">
        {tab === 'violations' && (
          <>
            <RunSummary />
            <ViolationsTab />
          </>
        )}
        {tab === 'rules' && <RulesTab />}
        {tab === 'exclusions' && <ExclusionsTab />}
        {tab === 'derived' && <DerivedTab />}
        {tab === 'audit' && <AuditTab />}
      </div>
    </div>
  );
}

/** The operator name (shared with the other areas through the store), required for every cleaning edit. */
function OperatorInput() {
  const { t } = useTranslation();
  const operator = useAppStore((s) => s.operator);
  const setOperator = useAppStore((s) => s.setOperator);
  const missing = operator.trim() === '';
  return (
    <div className={`cl-operator${missing ? ' cl-operator--missing' : ''}`}>
      <label htmlFor="cl-operator">{t('cleaning.operator')}</label>
      <input id="cl-operator" type="text" value={operator} maxLength={100} autoComplete="off" placeholder={t('cleaning.operatorPlaceholder')} onChange={(e) => setOperator(e.target.value)} />
    </div>
  );
}

/** The last error (with code and issues) or what the last action did. */
function Feedback() {
  const { t } = useTranslation();
  const error = useAppStore((s) => s.cleaningError);
  const notice = useAppStore((s) => s.cleaningNotice);
  const clear = useAppStore((s) => s.clearCleaningError);
  if (error) {
    // A message of the cleaning service in the UI language; others (expressions, storage) as the backend wrote them.
    const known = cleaningErrorKey(error.message, t);
    return (
      <div className="cl-alert" role="alert">
        <div>
          <strong>{t('cleaning.error')}</strong> {known ? t(known.key, { caseId: '', ...known.params }) : error.message} <span className="cl-alert__code">{t('common.errorCode', { code: error.code })}</span>
          {error.issues && error.issues.length > 0 && (
            <ul className="cl-alert__issues">
              {error.issues.map((i, n) => <li key={n}>{i.message}</li>)}
            </ul>
          )}
        </div>
        <button type="button" className="btn btn--ghost" aria-label={t('common.dismiss')} onClick={clear}>×</button>
      </div>
    );
  }
  if (!notice) return <div role="status" className="visually-hidden" />;
  const [kind, variable, from, to, cleared] = notice.split(':');
  const clearedCount = Number(cleared ?? '0');
  return (
    <p role="status" className="cl-notice">
      {kind === 'correct'
        ? `${t('cleaning.notice.correct', { variable, from: from || t('cleaning.empty'), to: to || t('cleaning.empty') })}${clearedCount > 0 ? ` ${t('cleaning.notice.offRouteCleared', { count: clearedCount })}` : ''}`
        : kind === 'undoRestored' || kind === 'undoCleared'
          ? undoNoticeText(notice, t)
          : t(`cleaning.notice.${(kind ?? 'undo') as 'undo' | 'accept' | 'exclude' | 'include' | 'ruleSaved' | 'ruleDeleted' | 'derivedSaved' | 'derivedDeleted'}`)}
    </p>
  );
}
