// Language switch (Dutch / English); the choice is remembered in localStorage by renderer/i18n.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, isLanguage, setLanguage } from '../i18n';

/** A labelled select that switches the UI language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="lang-switch">
      <label htmlFor={id} className="lang-switch__label">{t('app.language')}</label>
      <select
        id={id}
        value={i18n.resolvedLanguage ?? 'nl'}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`app.languages.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
