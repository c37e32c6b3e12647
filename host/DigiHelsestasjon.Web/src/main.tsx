import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../node_modules/@helsenorge/designsystem-react/lib/designsystem-react.css';
import './site.css';
import { App } from './App';
import { I18nProvider } from './i18n';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
