import { Suspense, useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from 'react-router';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import { bff } from './api';
import { useI18n, type Language } from './i18n';
import { SessionContext, sessionQuery } from './session';

/** The frame of every page: skip link, header (language, log out) and the page itself. */
export function Layout() {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery).data ?? null;

  // Someone logged in or out elsewhere on the page (the youth chat's hand-over).
  useEffect(() => {
    const changed = () => void queryClient.invalidateQueries({ queryKey: sessionQuery.queryKey });
    window.addEventListener('dh-session-changed', changed);
    return () => window.removeEventListener('dh-session-changed', changed);
  }, [queryClient]);

  const logout = async () => {
    await bff('/bff/logout', { method: 'POST' });
    queryClient.clear();
    queryClient.setQueryData(sessionQuery.queryKey, { authenticated: false });
    navigate('/', { replace: true });
  };

  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <Link to="/" className="site-name">
          DigiHelsestasjon
        </Link>
        <div className="header-tools">
          <label className="language-picker">
            <span>{t('language')}</span>
            <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
              <option value="nb">Bokmål</option>
              <option value="nn">Nynorsk</option>
            </select>
          </label>
          {session?.authenticated && (
            <Button variant="outline" size="medium" onClick={logout}>
              {t('logout')}
            </Button>
          )}
        </div>
      </header>
      <main id="main" className="page">
        <Suspense fallback={<Loader ariaLabel={t('loading')} />}>
          <Outlet />
        </Suspense>
      </main>
    </SessionContext.Provider>
  );
}
