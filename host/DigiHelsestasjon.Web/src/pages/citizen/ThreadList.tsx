import { useEffect, useState } from 'react';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from 'react-router';
import type { Representation, ThreadSummary } from '../../api';
import { deliveryKeys } from './deliveryKeys';

export function ThreadList({ subject, base }: { subject: Representation; base: string }) {
  const { t, language } = useI18n();
  const [threads, setThreads] = useState<ThreadSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<ThreadSummary[]>(`/api/v1/subjects/${subject.subjectId}/threads`).then(setThreads, (e) => setError(String(e.message ?? e)));
  }, [subject.subjectId]);
  if (error) return <NotificationPanel variant="error" label={t('somethingFailed')}>{error}</NotificationPanel>;
  if (!threads) return <Loader ariaLabel={t('loading')} />;
  return (
    <section aria-labelledby="threads-title">
      <Title id="threads-title" htmlMarkup="h2" appearance="title2">
        {t('messages')}
      </Title>
      {subject.permissions.includes('messages.send') && (
        <p>
          <Link className="button-link" to={`${base}/ny`}>
            {t('newMessage')}
          </Link>
        </p>
      )}
      {threads.length === 0 && <p>{t('noMessages')}</p>}
      <ul className="cards">
        {threads.map((thread) => (
          <li key={thread.threadId} className="card">
            <Link to={`${base}/${thread.threadId}`}>
              <strong>{thread.subject}</strong>
            </Link>
            <p>
              {thread.unitName} · {formatShortDateTime(thread.lastMessageAt, language)}
              {thread.lastDeliveryState && ` · ${t(deliveryKeys[thread.lastDeliveryState] ?? 'deliverySent')}`}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
