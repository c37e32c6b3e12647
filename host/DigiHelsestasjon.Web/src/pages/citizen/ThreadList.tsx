import { useQuery } from '@tanstack/react-query';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, getApiV1SubjectsBySubjectIdThreads } from '../../api';
import { Loaded } from '../../query';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from 'react-router';
import type { Representation, ThreadSummary } from '../../api';
import { deliveryKeys } from './deliveryKeys';

export function ThreadList({ subject, base }: { subject: Representation; base: string }) {
  const { t, language } = useI18n();
  const query = useQuery({
    queryKey: ['subjects', subject.subjectId, 'threads'],
    queryFn: () => data<ThreadSummary[]>(getApiV1SubjectsBySubjectIdThreads({ path: { subjectId: subject.subjectId } })),
  });
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
  )}</Loaded>;
}
