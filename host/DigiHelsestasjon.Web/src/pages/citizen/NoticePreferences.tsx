import { useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from '../../api';
import { useI18n } from '../../i18n';

interface Preferences {
  channel: 'sms' | 'email';
  language: 'nb' | 'nn';
  reminders: boolean;
  mandatory: string[];
}

/** How the person is told about appointments and messages (their own choice, for everyone they act for). */
export function NoticePreferences() {
  const { t } = useI18n();
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api<Preferences>('/api/v1/me/notification-preferences').then(setPreferences);
  }, []);
  if (!preferences) return <Loader ariaLabel={t('loading')} />;

  const save = async () => {
    setSaved(false);
    setPreferences(await api<Preferences>('/api/v1/me/notification-preferences', { method: 'PUT', body: preferences }));
    setSaved(true);
  };

  return (
    <form
      aria-labelledby="notices-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Title id="notices-title" htmlMarkup="h2" appearance="title2">
        {t('notices')}
      </Title>
      <Select selectId="notice-channel" label={t('noticeChannel')} value={preferences.channel} onChange={(e) => setPreferences({ ...preferences, channel: e.target.value as Preferences['channel'] })}>
        <option value="sms">{t('sms')}</option>
        <option value="email">{t('email')}</option>
      </Select>
      <Select selectId="notice-language" label={t('noticeLanguage')} value={preferences.language} onChange={(e) => setPreferences({ ...preferences, language: e.target.value as Preferences['language'] })}>
        <option value="nb">Bokmål</option>
        <option value="nn">Nynorsk</option>
      </Select>
      <Checkbox inputId="notice-reminders" label={t('noticeReminders')} checked={preferences.reminders} onChange={(e) => setPreferences({ ...preferences, reminders: e.target.checked })} />
      <p className="hint">{t('noticeMandatory')}</p>
      {saved && (
        <NotificationPanel variant="success" role="status">
          {t('saved')}
        </NotificationPanel>
      )}
      <div className="actions">
        <Button type="submit">{t('save')}</Button>
      </div>
    </form>
  );
}
