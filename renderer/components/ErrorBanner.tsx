// The error banner: shows the last failed action's message and code until dismissed.
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../stores';
import { selectError } from '../stores/selectors';

/** Renders the store's current error (from an ApiError) as an alert, or nothing. */
export function ErrorBanner() {
  const { t } = useTranslation();
  const error = useAppStore(selectError);
  const setError = useAppStore((s) => s.setError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <div className="error-banner__body">
        <strong className="error-banner__title">{t('common.error')}</strong>
        <span className="error-banner__message">{error.message}</span>
        <span className="error-banner__code">{t('common.errorCode', { code: error.code })}</span>
        {error.issues && error.issues.length > 0 && (
          <ul className="error-banner__issues">
            {error.issues.slice(0, 5).map((issue, i) => (
              <li key={i}>{issue.path && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="btn btn--ghost btn--small" onClick={() => setError(null)} aria-label={t('common.dismiss')}>
        ×
      </button>
    </div>
  );
}
