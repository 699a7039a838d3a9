// The codebook's codes/value-labels table, shared by the questionnaire variable's card and the derived variable's card.
import { useTranslation } from 'react-i18next';

/** One row of a {@link CodesTable}: a code with its value label. */
export interface CodesTableRow {
  code: string;
  /** The value label in the shown language ('' when none). */
  label: string;
  /** A user-missing code: the row is marked and tagged "user-missing". */
  missing?: boolean;
  /** The skip instruction after this code, already worded (e.g. "→ Ga naar vraag 7"); '' or absent = none. */
  jump?: string;
}

/** Props of {@link CodesTable}. */
export interface CodesTableProps {
  rows: readonly CodesTableRow[];
  /**
   * With a third column for the skip instruction of each code (questionnaire variables, as the paper form has them);
   * without it (derived variables) the table has code and label only.
   */
  routing: boolean;
}

/**
 * The table of codes and value labels of one variable in the codebook: code, label (user-missing codes tagged) and,
 * with `routing`, the skip instruction per code. The header row is for screen readers only (`visually-hidden`).
 * @param props rows in the order shown, and whether the routing column is present
 */
export function CodesTable({ rows, routing }: CodesTableProps) {
  const { t } = useTranslation();
  return (
    <table className="cb-codes">
      <thead className="visually-hidden">
        <tr>
          <th scope="col">{t('questionnaire.codebook.code')}</th>
          <th scope="col">{t('questionnaire.codebook.valueLabel')}</th>
          {routing && <th scope="col">{t('questionnaire.codebook.routing')}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((l) => (
          <tr key={l.code} className={l.missing ? 'cb-codes__missing' : undefined}>
            <td className="cb-codes__code">{l.code}</td>
            <td>
              {l.label}
              {l.missing && <span className="badge badge--muted cb-codes__tag">{t('questionnaire.codebook.userMissing')}</span>}
            </td>
            {routing && <td className="cb-codes__jump">{l.jump ?? ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
