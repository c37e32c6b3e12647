import { useEffect } from 'react';
import { useI18n } from '../../i18n';

/** /innlogget: where a login opened from the youth chat lands; it tells the chat's page and closes itself. */
export default function LoggedIn() {
  const { t } = useI18n();
  useEffect(() => {
    if (window.opener) {
      window.opener.postMessage({ type: 'logged-in' }, window.location.origin);
      window.close();
    }
  }, []);
  return <p>{t('loggedInCloseWindow')}</p>;
}
