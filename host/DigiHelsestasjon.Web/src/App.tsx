import { lazy, Suspense, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from './api';
import { useI18n, type Language } from './i18n';
import { Link, navigate, usePath } from './router';
import { SessionContext, type Session } from './session';

// Each area is loaded when first visited: a parent never downloads the staff console.
const CitizenArea = lazy(() => import('./pages/citizen/CitizenArea'));
const AnonymousChat = lazy(() => import('./pages/youth/AnonymousChat'));
const StaffArea = lazy(() => import('./pages/staff/StaffArea'));

export function App() {
  const path = usePath();
  const { t, language, setLanguage } = useI18n();
  const [session, setSession] = useState<Session | null>(null);

  useEffect(() => {
    const load = () => api<Session>('/bff/session').then(setSession, () => setSession({ authenticated: false }));
    void load();
    window.addEventListener('dh-session-changed', load);
    return () => window.removeEventListener('dh-session-changed', load);
  }, []);

  const logout = async () => {
    await api('/bff/logout', { method: 'POST' });
    setSession({ authenticated: false });
    navigate('/', { replace: true });
  };

  let page;
  if (path.startsWith('/innbygger')) page = <CitizenArea />;
  else if (path.startsWith('/ungdom/chat')) page = <AnonymousChat />;
  else if (path.startsWith('/ansatt')) page = <StaffArea />;
  else if (path === '/innlogget') page = <LoggedIn />;
  else page = <Home session={session} />;

  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <Link href="/" className="site-name">
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
        <Suspense fallback={<Loader ariaLabel={t('loading')} />}>{page}</Suspense>
      </main>
    </SessionContext.Provider>
  );
}

function Home({ session }: { session: Session | null }) {
  const { t } = useI18n();
  const loginProblem = new URLSearchParams(window.location.search).get('innlogging');
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1">
        {t('homeTitle')}
      </Title>
      <p className="lead">{t('homeLead')}</p>
      {loginProblem && (
        <NotificationPanel variant="error" label={t('loginFailedTitle')}>
          {t('loginFailed')}
        </NotificationPanel>
      )}
      {session?.authenticated && (
        <NotificationPanel variant="info" label={t('loggedInTitle')}>
          <Link href={session.kind === 'Staff' ? '/ansatt' : '/innbygger'}>{t('goToYourPages')}</Link>
        </NotificationPanel>
      )}
      <ul className="choices">
        <li>
          <a className="choice" href="/bff/login?issuer=idporten&returnUrl=%2Finnbygger">
            <strong>{t('loginCitizen')}</strong>
            <span>{t('loginCitizenHelp')}</span>
          </a>
        </li>
        <li>
          <a className="choice" href="/bff/login?issuer=feide&returnUrl=%2Finnbygger">
            <strong>{t('loginPupil')}</strong>
            <span>{t('loginPupilHelp')}</span>
          </a>
        </li>
        <li>
          <Link className="choice" href="/ungdom/chat">
            <strong>{t('anonymousChat')}</strong>
            <span>{t('anonymousChatHelp')}</span>
          </Link>
        </li>
        <li>
          <a className="choice" href="/bff/login?issuer=helseid&returnUrl=%2Fansatt">
            <strong>{t('loginStaff')}</strong>
            <span>{t('loginStaffHelp')}</span>
          </a>
        </li>
      </ul>
    </>
  );
}

/** Where a login opened from the youth chat lands: it tells the chat's page and closes itself. */
function LoggedIn() {
  const { t } = useI18n();
  useEffect(() => {
    if (window.opener) {
      window.opener.postMessage({ type: 'logged-in' }, window.location.origin);
      window.close();
    }
  }, []);
  return <p>{t('loggedInCloseWindow')}</p>;
}
