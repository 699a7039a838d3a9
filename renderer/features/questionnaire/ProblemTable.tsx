// A table of located questionnaire problems or warnings: sheet, row, column, value and message.
import { useTranslation } from 'react-i18next';
import type { ResultIssue } from '../../../shared/contract/result';
import { exprIssueText } from './exprText';

/** Lists issues with where they are (sheet/row/column), the offending value and the message. */
export function ProblemTable({ issues, caption }: { issues: readonly ResultIssue[]; caption: string }) {
  const { t } = useTranslation();
  const dash = t('common.none');
  return (
    <div className="table-panel qn-problem-table">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('questionnaire.problems.sheet')}</th>
            <th scope="col">{t('questionnaire.problems.row')}</th>
            <th scope="col">{t('questionnaire.problems.column')}</th>
            <th scope="col">{t('questionnaire.problems.value')}</th>
            <th scope="col">{t('questionnaire.problems.message')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, k) => (
            <tr key={k}>
              <td>{i.sheet ?? (i.file ? i.file.split(/[\\/]/).pop() : dash)}</td>
              <td className="num">{i.row ?? dash}</td>
              <td>{i.column ? <code>{i.column}</code> : dash}</td>
              <td className="qn-problem-table__value">{i.value !== undefined && i.value !== '' ? <code>{i.value}</code> : dash}</td>
              <td>{exprIssueText(i, t) ?? i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
