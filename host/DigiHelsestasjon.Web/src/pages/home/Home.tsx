import { Link, useSearchParams } from 'react-router';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';

/** /: who you are and how you log in; ?innlogging=... when a login failed. */
export default function Home() {
  const { t } = useI18n();
  const session = useSession();
  const [search] = useSearchParams();
  const loginProblem = search.get('innlogging');
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1">
        {t('homeTitle')}
      </Title>
      <p className="lead">{t('homeLead')}</p>
      {loginProblem && (
        <NotificationPanel variant="error" labelHtmlMarkup="h2" label={t('loginFailedTitle')}>
          {t('loginFailed')}
        </NotificationPanel>
      )}
      {session?.authenticated && (
        <NotificationPanel variant="info" labelHtmlMarkup="h2" label={t('loggedInTitle')}>
          <Link to={session.kind === 'Staff' ? '/ansatt' : '/innbygger'}>{t('goToYourPages')}</Link>
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
          <Link className="choice" to="/ungdom/chat">
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
