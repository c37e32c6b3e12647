import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';
import { stateText, kindText } from './epjTexts';

interface EpjItem {
  id: string;
  direction: 'outbound' | 'inbound';
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  reason: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

const states = ['dead-lettered', 'failed', 'pending', 'delivered', 'received', 'journaled', 'refused', 'pending-review', 'accepted', 'rejected', 'stale'];

/** What went to and came from the municipality's journals, and the dead letters an operator can send again. */
export function EpjItems() {
  const { t, language } = useI18n();
  const [state, setState] = useState('');
  const [items, setItems] = useState<EpjItem[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    setItems(null);
    setItems(await api<EpjItem[]>(`/api/v1/admin/epj/items${state ? `?state=${state}` : ''}`));
  }, [state]);
  useEffect(() => void load(), [load]);

  const requeue = async (id: string) => {
    try {
      await api(`/api/v1/admin/epj/items/${id}/requeue`, { method: 'POST' });
      setMessage(t('requeued'));
      await load();
    } catch (e) {
      setMessage(problemText(t, e));
    }
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
        <Button variant="outline" onClick={() => void load()}>
          {t('refresh')}
        </Button>
      </div>
      {message && (
        <NotificationPanel variant="info" role="status">
          {message}
        </NotificationPanel>
      )}
      {!items ? (
        <Loader ariaLabel={t('loading')} />
      ) : items.length === 0 ? (
        <p>{t('noEpjItems')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="group" aria-label={t('epjItems')}>
          <table className="log" data-testid="epj-items">
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
      )}
    </section>
  );
}
