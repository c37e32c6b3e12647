import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';

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
  const [state, setState] = useState('dead-lettered');
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
      setMessage(e instanceof ApiError ? e.message : String(e));
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
            {s}
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
                    {item.direction === 'outbound' ? '→' : '←'} {item.kind}
                  </td>
                  <td>{item.state}</td>
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

interface InformationText {
  match: string;
  text: string;
  source: string;
}

/** The texts shown with each kind of appointment: the national ones, and the municipality's own in their place. */
export function AppointmentTexts({ kommunenummer }: { kommunenummer: string }) {
  const { t } = useI18n();
  const [texts, setTexts] = useState<InformationText[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const path = `/api/v1/admin/municipalities/${kommunenummer}/appointment-information`;

  const load = useCallback(async () => setTexts(await api<InformationText[]>(path)), [path]);
  useEffect(() => void load(), [load]);

  const save = async (match: string) => {
    await api(`${path}/${encodeURIComponent(match)}`, { method: 'PUT', body: { text: draft } });
    setEditing(null);
    await load();
  };
  const reset = async (match: string) => {
    await api(`${path}/${encodeURIComponent(match)}`, { method: 'DELETE' });
    await load();
  };

  if (!texts) return <Loader ariaLabel={t('loading')} />;
  return (
    <section aria-labelledby="texts-title">
      <Title id="texts-title" htmlMarkup="h2" appearance="title2">
        {t('appointmentTexts')}
      </Title>
      <p>{t('appointmentTextsLead')}</p>
      <ul className="cards">
        {texts.map((text) => (
          <li key={`${text.match}-${text.source}`} className="card">
            <Title htmlMarkup="h3" appearance="title5">
              {text.match}
            </Title>
            <p className="hint">{text.source === 'national' ? t('nationalText') : t('municipalityText')}</p>
            {editing === text.match ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void save(text.match);
                }}
              >
                <Textarea textareaId={`text-${text.match}`} label={t('textFor', { match: text.match })} value={draft} onChange={(e) => setDraft(e.target.value)} minRows={4} />
                <div className="actions">
                  <Button type="submit">{t('save')}</Button>
                  <Button type="button" variant="borderless" onClick={() => setEditing(null)}>
                    {t('back')}
                  </Button>
                </div>
              </form>
            ) : (
              <>
                <p className="information">{text.text}</p>
                <div className="actions">
                  <Button
                    variant="outline"
                    onClick={() => {
                      setEditing(text.match);
                      setDraft(text.text);
                    }}
                  >
                    {t('edit')}
                  </Button>
                  {text.source !== 'national' && (
                    <Button variant="borderless" onClick={() => void reset(text.match)}>
                      {t('useNationalText')}
                    </Button>
                  )}
                </div>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
