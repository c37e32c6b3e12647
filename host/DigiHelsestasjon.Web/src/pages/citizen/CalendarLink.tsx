import { useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Input from '@helsenorge/designsystem-react/components/Input';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, deleteApiV1SubjectsBySubjectIdCalendarFeed, postApiV1SubjectsBySubjectIdCalendarFeed } from '../../api';
import { useI18n } from '../../i18n';
import type { Representation } from '../../api';

/** An iCalendar link the person can subscribe to in their own calendar; revoking it makes every copy stop working. */
export function CalendarLink({ subject }: { subject: Representation }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const path = { subjectId: subject.subjectId };

  const create = async () => {
    setRevoked(false);
    setCopied(false);
    setUrl((await data<{ url: string }>(postApiV1SubjectsBySubjectIdCalendarFeed({ path }))).url);
  };
  const revoke = async () => {
    await deleteApiV1SubjectsBySubjectIdCalendarFeed({ path });
    setUrl(null);
    setRevoked(true);
  };
  const copy = async () => {
    if (!url) return;
    await navigator.clipboard.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <section aria-labelledby="calendar-title">
      <Title id="calendar-title" htmlMarkup="h2" appearance="title2">
        {t('calendarLink')}
      </Title>
      <p>{t('calendarLinkLead')}</p>
      {url && (
        <>
          <Input inputId="calendar-url" label={t('calendarLinkAddress')} value={url} readOnly />
          <div className="actions">
            <Button variant="outline" onClick={() => void copy()}>
              {t('copy')}
            </Button>
            {copied && <span role="status">{t('copied')}</span>}
          </div>
        </>
      )}
      {revoked && (
        <NotificationPanel variant="success" role="status">
          {t('calendarLinkRevoked')}
        </NotificationPanel>
      )}
      <div className="actions">
        <Button onClick={() => void create()}>{url ? t('calendarLinkNew') : t('calendarLinkCreate')}</Button>
        <Button variant="borderless" onClick={() => void revoke()}>
          {t('calendarLinkRevoke')}
        </Button>
      </div>
    </section>
  );
}
