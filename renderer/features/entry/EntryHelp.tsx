// The in-app help panel: the keyboard contract of the entry screen, from the translation files.
import { useTranslation } from 'react-i18next';
import { NO_ANSWER_KEY, NOT_LEGIBLE_KEY } from '../../../shared/entry/keying';

const ROWS = ['code', 'next', 'back', 'auto', 'routing', 'hard', 'soft', 'noAnswer', 'notLegible', 'multiple', 'date', 'text', 'carry', 'escape', 'end', 'summary', 'help'] as const;

/** Lists every key of the keyboard contract with what it does (also in README "Keying paper forms"). */
export function EntryHelp() {
  const { t } = useTranslation();
  return (
    <aside id="entry-help" className="entry-help" aria-labelledby="entry-help-title">
      <h3 id="entry-help-title">{t('entry.help.title')}</h3>
      <dl className="entry-help__list">
        {ROWS.map((r) => (
          <div key={r} className="entry-help__row">
            <dt><kbd>{t(`entry.help.keys.${r}`, { noAnswerKey: NO_ANSWER_KEY, notLegibleKey: NOT_LEGIBLE_KEY })}</kbd></dt>
            <dd>{t(`entry.help.what.${r}`)}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
