import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { data, getApiV1AdminEpjItems, postApiV1AdminEpjItemsByIdRequeue } from '../../api';
import type { EpjItem } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Loaded, ProblemMessage } from '../../query';
import { stateText, kindText } from './epjTexts';

const states = ['dead-lettered', 'failed', 'pending', 'delivered', 'received', 'journaled', 'refused', 'pending-review', 'accepted', 'rejected', 'stale'];

/** What went to and came from the municipality's journals, and the dead letters an operator can send again. */
export function EpjItems() {
  const { t, language } = useI18n();
  const queryClient = useQueryClient();
  const [state, setState] = useState('');
  const [requeued, setRequeued] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const query = useQuery({
    queryKey: ['admin', 'epj-items', state],
    queryFn: () => data<EpjItem[]>(getApiV1AdminEpjItems({ query: state ? { state } : {} })),
  });

  const requeue = async (id: string) => {
    setRequeued(false);
    setProblem(null);
    try {
      await postApiV1AdminEpjItemsByIdRequeue({ path: { id } });
      setRequeued(true);
    } catch (e) {
      setProblem(e);
    }
    await queryClient.invalidateQueries({ queryKey: ['admin', 'epj-items'] });
  };

  return (
    <section aria-labelledby="epj-title">
      <Title id="epj-title" htmlMarkup="h2" appearance="title2">
        {t('epjItems')}
      </Title>
      <Select selectId="epj-state" label={t('state')} value={state} onChange={(e) => setState(e.target.value)}>
        <option value="">{t('everything')}</option>
        {states.map((s) => (
          <option key={s} value={s}>
            {stateText(s, t)}
          </option>
        ))}
      </Select>
      <div className="actions">
        <Button variant="outline" onClick={() => void query.refetch()}>
          {t('refresh')}
        </Button>
      </div>
      {requeued && (
        <NotificationPanel variant="info" role="status">
          {t('requeued')}
        </NotificationPanel>
      )}
      {problem !== null && <ProblemMessage error={problem} />}
      <Loaded query={query}>
        {(items) =>
          items.length === 0 ? (
            <p>{t('noEpjItems')}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="group" aria-label={t('epjItems')}>
              <table className="log" aria-label={t('epjItems')}>
                <thead>
                  <tr>
                    <th scope="col">{t('when')}</th>
                    <th scope="col">{t('kind')}</th>
                    <th scope="col">{t('state')}</th>
                    <th scope="col">{t('attempts')}</th>
                    <th scope="col">{t('lastError')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.id}>
                      <td>{formatShortDateTime(item.createdAt, language)}</td>
                      <td>
                        {item.direction === 'outbound' ? t('toJournal') : t('fromJournal')}: {kindText(item.kind, t)}
                      </td>
                      <td>{stateText(item.state, t)}</td>
                      <td>{item.attempts}</td>
                      <td>{item.lastError ?? item.reason ?? ''}</td>
                      <td>
                        {item.direction === 'outbound' && (item.state === 'dead-lettered' || item.state === 'failed') && (
                          <Button variant="outline" size="medium" onClick={() => void requeue(item.id)}>
                            {t('requeue')}
                          </Button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
