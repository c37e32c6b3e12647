import Title from '@helsenorge/designsystem-react/components/Title';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useI18n } from '../../i18n';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../session';
import { ChatQueue } from './ChatQueue';
import { Administration } from './Administration';
import { PreparedAnswersPage } from './PreparedAnswersPage';

/** /ansatt/chat: the nurse's chat queue; /ansatt/svar: her units' prepared answers; /ansatt/admin: the municipality's
 * policies and figures. */
export default function StaffArea() {
  const { t } = useI18n();
  const path = useLocation().pathname;
  const session = useSession();
  if (session && (!session.authenticated || session.kind !== 'Staff')) {
    return (
      <NotificationPanel variant="warn" labelHtmlMarkup="h2" label={t('notLoggedInTitle')}>
        <a href="/bff/login?issuer=helseid&returnUrl=%2Fansatt">{t('loginStaff')}</a>
      </NotificationPanel>
    );
  }

  const roles = session?.roles ?? [];
  const nurse = roles.includes('nurse');
  const administers = roles.includes('admin') || roles.includes('national-admin');
  // A nurse starts at the chat queue, an admin at the municipality's settings.
  const admin = administers && (path.startsWith('/ansatt/admin') || !nurse);
  const answers = nurse && !admin && path.startsWith('/ansatt/svar');
  return (
    <>
      <Title htmlMarkup="h1" appearance="title1">
        {t('staffConsole')}
      </Title>
      <nav aria-label={t('sections')} className="tabs">
        {nurse && (
          <Link to="/ansatt/chat" aria-current={!admin && !answers ? 'page' : undefined}>
            {t('chatQueue')}
          </Link>
        )}
        {nurse && (
          <Link to="/ansatt/svar" aria-current={answers ? 'page' : undefined}>
            {t('preparedAnswers')}
          </Link>
        )}
        {administers && (
          <Link to="/ansatt/admin" aria-current={admin ? 'page' : undefined}>
            {t('administration')}
          </Link>
        )}
      </nav>
      {admin ? <Administration /> : answers ? <PreparedAnswersPage /> : nurse ? <ChatQueue /> : <p>{t('noStaffRole')}</p>}
    </>
  );
}
