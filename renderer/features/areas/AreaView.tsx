// Chooses and fills the page of the active work area with the figures the backend already has.
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import { selectCounts, selectQuestionnaireVersion } from '../../stores/selectors';
import { assertNever } from '../../../shared/domain/errors';
import type { AreaId } from '../shell/areas';
import { AreaPage, type Figure, type Task } from './AreaPage';
import { CaseTable } from './CaseTable';
import { ExportArea } from '../export/ExportArea';
import { FieldworkAreaPage } from '../fieldwork/FieldworkArea';
import { EntryScreen } from '../entry/EntryScreen';
import { VerificationScreen } from '../entry/VerificationScreen';
import { WeightingPanel } from '../weighting/WeightingPanel';
import { QuestionnaireArea } from '../questionnaire/QuestionnaireArea';
import { CleaningArea } from '../cleaning/CleaningArea';
import { ImportArea } from '../import/ImportArea';

/** Renders the page of `area`. */
export function AreaView({ area }: { area: AreaId }) {
  const { t, i18n } = useTranslation();
  const counts = useAppStore(selectCounts);
  const version = useAppStore(selectQuestionnaireVersion);
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl');
  const pct = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl', { style: 'percent', maximumFractionDigits: 1 });
  const n = (x: number) => nf.format(x);
  const share = (part: number, whole: number) => (whole > 0 ? pct.format(part / whole) : t('common.none'));

  const total: Figure = { label: t('counts.total'), value: n(counts.total) };
  const complete: Figure = { label: t('counts.complete'), value: n(counts.complete), ...(counts.total > 0 ? { hint: share(counts.complete, counts.total) } : {}) };
  const verified: Figure = { label: t('counts.verified'), value: n(counts.verified) };
  const excluded: Figure = { label: t('counts.excluded'), value: n(counts.excluded) };
  const qv: Figure = { label: t('counts.questionnaireVersion'), value: version ?? t('status.noQuestionnaire'), kind: version ? 'number' : 'text' };
  // The task list of each area comes straight from the translation file, in file order; every area is built.
  const taskLabels = t(`areas.${area}.tasks`, { returnObjects: true }) as Record<string, string>;
  const tasks = (): Task[] => Object.values(taskLabels).map((label) => ({ label, available: true }));

  switch (area) {
    case 'questionnaire':
      return <AreaPage area={area} figures={[qv, total]} tasks={tasks()}><QuestionnaireArea /></AreaPage>;
    case 'fieldwork':
      return <FieldworkAreaPage tasks={tasks()} />;
    case 'entry':
      return <AreaPage area={area} figures={[total, complete, excluded]} tasks={tasks()}><EntryScreen /><CaseTable /></AreaPage>;
    case 'verification':
      return (
        <AreaPage area={area} figures={[{ label: t('counts.keyedPaper'), value: n(counts.keyedPaper) }, verified, { label: t('counts.verifiedShare'), value: share(counts.verified, counts.keyedPaper), kind: counts.keyedPaper > 0 ? 'number' : 'text', hint: t('counts.verifiedShareBase', { verified: n(counts.verified), keyed: n(counts.keyedPaper) }) }]} tasks={tasks()}>
          <VerificationScreen />
        </AreaPage>
      );
    case 'import':
      return <AreaPage area={area} figures={[total, complete]} tasks={tasks()}><ImportArea /></AreaPage>;
    case 'cleaning':
      return <AreaPage area={area} figures={[complete, excluded]} tasks={tasks()}><CleaningArea /></AreaPage>;
    case 'weighting':
      return (
        <AreaPage
          area={area}
          figures={[{ label: t('counts.eligible'), value: n(Math.max(0, counts.complete - counts.excluded)) }, excluded, qv]}
          tasks={tasks()}
        >
          <WeightingPanel />
        </AreaPage>
      );
    case 'export':
      return <AreaPage area={area} figures={[total, complete, verified, excluded]} tasks={tasks()}><ExportArea /></AreaPage>;
    default:
      return assertNever(area, 'area');
  }
}
