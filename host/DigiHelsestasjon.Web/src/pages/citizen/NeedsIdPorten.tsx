import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { useI18n } from '../../i18n';

/** Shown where a page needs ID-porten's level high and the person logged in with Feide or MinID. */
export function NeedsIdPorten() {
  const { t } = useI18n();
  const here = encodeURIComponent(window.location.pathname);
  return (
    <NotificationPanel variant="info" label={t('needsIdPortenTitle')}>
      <p>{t('needsIdPorten')}</p>
      <a href={`/bff/login?issuer=idporten&returnUrl=${here}`}>{t('loginCitizen')}</a>
    </NotificationPanel>
  );
}
