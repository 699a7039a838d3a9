// Renderer entry: strips the one-time token from the address bar, starts i18n and mounts <App/>.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import './i18n/types';
import { App } from './App';
import './styles.css';

// The HTTP host accepts `?token=` once and then relies on a cookie + the page's meta tag;
// keep the token out of the history and out of screenshots.
if (new URLSearchParams(window.location.search).has('token')) {
  window.history.replaceState(null, '', window.location.pathname + window.location.hash);
}

void initI18n().then(() => {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
