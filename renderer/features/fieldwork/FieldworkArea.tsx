// The Veldwerk area: operator field and five tabs (sample frame, batches, dashboard, dispositions, case-ID labels).
import { useEffect } from 'react';
import { TabList } from '../../components/TabList';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectProject } from '../../stores/selectors';
import { FIELDWORK_TABS, type FieldworkTab } from '../../stores/fieldworkSlice';
import { assertNever } from '../../../shared/domain/errors';
import { OperatorField } from './OperatorField';
import { SampleTab } from './SampleTab';
import { BatchesTab } from './BatchesTab';
import { DashboardTab } from './DashboardTab';
import { DispositionsTab } from './DispositionsTab';
import { LabelsTab } from './LabelsTab';
import { AreaPage, type Task } from '../areas/AreaPage';
import { formatNumber, formatRate } from './format';

/**
 * The Veldwerk work-area page: fieldwork figures (sample, returned with RR1, batches, keyed forms) above the
 * {@link FieldworkArea} tabs.
 */
export function FieldworkAreaPage({ tasks }: { tasks: Task[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'nl';
  const sampleTotal = useAppStore((s) => s.sampleTotal);
  const report = useAppStore((s) => s.report);
  const batches = useAppStore((s) => s.batches);
  const keyed = useAppStore((s) => s.project?.counts.total ?? 0);
  const none = t('common.none');
  const expected = batches?.reduce((n, b) => n + (b.expectedForms ?? 0), 0) ?? 0;
  return (
    <AreaPage
      area="fieldwork"
      figures={[
        { label: t('fieldwork.figures.sample'), value: sampleTotal === null ? none : formatNumber(sampleTotal, lang) },
        {
          label: t('fieldwork.figures.returned'),
          value: report ? formatNumber(report.returned, lang) : none,
          ...(report && report.sampled > 0 ? { hint: t('fieldwork.figures.rr1', { rate: formatRate(report.overall.rates.RR1, lang, none) }) } : {}),
        },
        { label: t('fieldwork.figures.batches'), value: batches ? formatNumber(batches.length, lang) : none, ...(batches && batches.length > 0 ? { hint: t('fieldwork.figures.expected', { count: expected }) } : {}) },
        { label: t('fieldwork.figures.keyed'), value: formatNumber(keyed, lang), hint: t('fieldwork.figures.keyedHint') },
      ]}
      tasks={tasks}
    >
      <FieldworkArea />
    </AreaPage>
  );
}

/** The fieldwork feature: loads the overview when the project changes and shows the active tab (ARIA tabs, arrow keys). */
export function FieldworkArea() {
  const { t } = useTranslation();
  const project = useAppStore(selectProject);
  const tab = useAppStore((s) => s.fieldworkTab);
  const setTab = useAppStore((s) => s.setFieldworkTab);
  const sampleTotal = useAppStore((s) => s.sampleTotal);
  const batches = useAppStore((s) => s.batches);
  const projectPath = project?.path;

  // A different project starts from nothing; any new project summary (open, import, Vernieuwen) reloads the overview.
  useEffect(() => {
    useAppStore.getState().resetFieldwork();
  }, [projectPath]);
  useEffect(() => {
    if (project) void useAppStore.getState().loadFieldwork();
  }, [project]);


  const count = (x: FieldworkTab): number | null => {
    switch (x) {
      case 'sample':
        return sampleTotal;
      case 'batches':
        return batches?.length ?? null;
      case 'dashboard':
      case 'dispositions':
      case 'labels':
        return null;
      default:
        return assertNever(x, 'fieldwork tab');
    }
  };

  const renderTab = (x: FieldworkTab) => {
    const n = count(x);
    return (
      <>
        {t(`fieldwork.tabs.${x}`)}
        {n !== null && n > 0 && <span className="fw-tab__count">{n}</span>}
      </>
    );
  };

  return (
    <div className="fw">
      <div className="fw__bar">
        <TabList tabs={FIELDWORK_TABS} active={tab} onSelect={setTab} label={t('fieldwork.tabsLabel')} idPrefix="fw" className="fw-tabs" tabClass="fw-tab" renderTab={renderTab} />
        <OperatorField />
      </div>
      <div role="tabpanel" id={`fw-panel-${tab}`} aria-labelledby={`fw-tab-${tab}`} className="fw__panel">
        {tab === 'sample' && <SampleTab />}
        {tab === 'batches' && <BatchesTab />}
        {tab === 'dashboard' && <DashboardTab />}
        {tab === 'dispositions' && <DispositionsTab />}
        {tab === 'labels' && <LabelsTab />}
      </div>
    </div>
  );
}
