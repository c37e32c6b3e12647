import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useI18n } from '../../i18n';

/** Shown where a page needs ID-porten's level high and the person logged in with Feide or MinID: why, and the one way on. */
export function NeedsIdPorten({ text, title }: { text?: string; title?: string }) {
  const { t } = useI18n();
  return (
    <NotificationPanel variant="info" labelHtmlMarkup="h2" label={title ?? t('needsIdPortenTitle')}>
      <p>{text ?? t('needsIdPorten')}</p>
      <LoginWithIdPorten />
    </NotificationPanel>
  );
}

/** Back to this page after the login, so the person lands where they wanted to be. */
export function LoginWithIdPorten() {
  const { t } = useI18n();
  const here = encodeURIComponent(window.location.pathname);
  return (
    <a className="button-link" href={`/bff/login?issuer=idporten&returnUrl=${here}`}>
      {t('loginCitizen')}
    </a>
  );
}
