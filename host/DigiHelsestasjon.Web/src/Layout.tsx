import { Suspense, useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import { bff } from './api';
import { useI18n, type Language } from './i18n';
import { meQuery } from './me';
import { SessionContext, sessionQuery } from './session';

/** The frame of every page: skip link, header (language, who is logged in and for whom, log out), the page, and a footer
 * with the privacy, contact and accessibility pages (as on helsenorge.no). */
export function Layout() {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useQuery(sessionQuery).data ?? null;
  // A citizen sees her own name, and whom she acts for (staff have no such person behind the login).
  const me = useQuery({ ...meQuery, enabled: !!session?.authenticated && session.kind !== 'Staff', retry: false }).data;
  const path = useLocation().pathname;
  const subjectId = path.startsWith('/innbygger/') ? path.split('/')[2] : undefined;
  const actingFor = me?.representations.find((r) => r.subjectId === subjectId && r.relation !== 'self');

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
    navigate('/logget-ut', { replace: true });
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
          {me && (
            <div className="who" role="group" aria-label={t('signedIn')}>
              <span>{t('signedInAs', { name: me.name })}</span>
              {actingFor && (
                <span>
                  {t('actingFor')} <strong>{actingFor.name}</strong>
                </span>
              )}
              {me.representations.length > 1 && <Link to="/innbygger">{t('changePerson')}</Link>}
            </div>
          )}
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
      <footer className="site-footer">
        <nav aria-label={t('footer')}>
          <ul>
            <li>
              <Link to="/personvern">{t('privacyTitle')}</Link>
            </li>
            <li>
              <Link to="/kontakt">{t('contactTitle')}</Link>
            </li>
            <li>
              <Link to="/tilgjengelighet">{t('accessibilityTitle')}</Link>
            </li>
          </ul>
        </nav>
      </footer>
    </SessionContext.Provider>
  );
}
