import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, getApiV1MeNotificationPreferences, putApiV1MeNotificationPreferences } from '../../api';
import { Loaded, ProblemMessage } from '../../query';
import { useI18n } from '../../i18n';

interface Preferences {
  channel: 'sms' | 'email';
  language: 'nb' | 'nn';
  reminders: boolean;
  mandatory: string[];
}

/** How the person is told about appointments and messages (their own choice, for everyone they act for). */
export function NoticePreferences() {
  const query = useQuery({ queryKey: ['me', 'notification-preferences'], queryFn: () => data<Preferences>(getApiV1MeNotificationPreferences()) });
  return <Loaded query={query}>{(stored) => <PreferencesForm stored={stored} />}</Loaded>;
}

function PreferencesForm({ stored }: { stored: Preferences }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [preferences, setPreferences] = useState<Preferences>(stored);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const save = async () => {
    setSaved(false);
    setProblem(null);
    try {
      const next = await data<Preferences>(putApiV1MeNotificationPreferences({ body: preferences }));
      queryClient.setQueryData(['me', 'notification-preferences'], next);
      setPreferences(next);
      setSaved(true);
    } catch (e) {
      setProblem(e);
    }
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
      {problem !== null && <ProblemMessage error={problem} />}
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
