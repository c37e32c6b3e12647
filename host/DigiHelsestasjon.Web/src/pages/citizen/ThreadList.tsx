import { useQuery } from '@tanstack/react-query';
import Title from '@helsenorge/designsystem-react/components/Title';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { Loaded } from '../../query';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from 'react-router';
import type { Representation } from '../../api';
import { deliveryKeys } from './deliveryKeys';
import { threadsQuery, unreadIn } from './threadsQuery';

export function ThreadList({ subject, base }: { subject: Representation; base: string }) {
  const { t, language } = useI18n();
  const query = useQuery(threadsQuery(subject.subjectId));
  return <Loaded query={query}>{(threads) => (
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
      {unreadIn(threads) > 0 && (
        <NotificationPanel variant="info" labelHtmlMarkup="h3" label={t('sinceLastTime')}>
          {unreadIn(threads) === 1 ? t('unreadMessagesOne') : t('unreadMessagesMany', { count: unreadIn(threads) })}
        </NotificationPanel>
      )}
      {threads.length === 0 && <p>{t('noMessages')}</p>}
      <ul className="cards">
        {threads.map((thread) => (
          <li key={thread.threadId} className={thread.unreadCount > 0 ? 'card unread' : 'card'}>
            <Link to={`${base}/${thread.threadId}`}>
              <strong>{thread.subject}</strong>
              {thread.unreadCount > 0 && <>{' '}<span className="badge">{thread.unreadCount === 1 ? t('unreadOne') : t('unreadMany', { count: thread.unreadCount })}</span></>}
            </Link>
            <p>
              {thread.unitName} · {formatShortDateTime(thread.lastMessageAt, language)}
              {thread.lastDeliveryState && ` · ${t(deliveryKeys[thread.lastDeliveryState] ?? 'deliverySent')}`}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )}</Loaded>;
}
