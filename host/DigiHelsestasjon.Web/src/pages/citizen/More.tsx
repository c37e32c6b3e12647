import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n, type TextKey } from '../../i18n';
import type { Representation } from '../../api';
import { NeedsIdPorten } from './NeedsIdPorten';

const actionKeys: Record<string, TextKey> = {
  'appointments.read': 'actionAppointmentsRead',
  'appointments.list': 'actionAppointmentsRead',
  'appointments.cancel': 'actionAppointmentsCancel',
  'messages.read': 'actionMessagesRead',
  'messages.send': 'actionMessagesSend',
  'accesslog.read': 'actionAccessLogRead',
  'profile.read': 'actionProfileRead',
};

interface AccessLogEntry {
  time: string;
  actorName: string;
  relation: string;
  action: string;
  purpose: string;
  outcome: string;
}

const pageSize = 20;

/** Who has looked at this person's information, newest first, a page at a time, filtered by what was done. */
export function AccessLog({ subject }: { subject: Representation }) {
  const { t, language } = useI18n();
  const [kind, setKind] = useState('');
  const [page, setPage] = useState(1);
  const [entries, setEntries] = useState<AccessLogEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [needsHigh, setNeedsHigh] = useState(false);

  useEffect(() => {
    setEntries(null);
    const query = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (kind) query.set('kind', kind);
    api<AccessLogEntry[]>(`/api/v1/subjects/${subject.subjectId}/access-log?${query}`).then(setEntries, (e) => {
      if (e instanceof ApiError && e.code === 'insufficient-assurance') setNeedsHigh(true);
      else setProblem(e instanceof ApiError && e.status === 404 ? t('accessLogNotYours') : String(e.message));
    });
  }, [subject.subjectId, kind, page, t]);

  if (needsHigh) return <NeedsIdPorten />;
  if (problem) return <NotificationPanel variant="info">{problem}</NotificationPanel>;
  return (
    <section aria-labelledby="log-title">
      <Title id="log-title" htmlMarkup="h2" appearance="title2">
        {t('accessLog')}
      </Title>
      <p>{t('accessLogLead')}</p>
      <Select
        selectId="log-kind"
        label={t('whatWasDone')}
        value={kind}
        onChange={(e) => {
          setKind(e.target.value);
          setPage(1);
        }}
      >
        <option value="">{t('everything')}</option>
        {['appointments.read', 'appointments.cancel', 'messages.read', 'messages.send', 'accesslog.read'].map((k) => (
          <option key={k} value={k}>
            {t(actionKeys[k])}
          </option>
        ))}
      </Select>
      {!entries ? (
        <Loader ariaLabel={t('loading')} />
      ) : entries.length === 0 ? (
        <p>{t('accessLogEmpty')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="group" aria-label={t('accessLog')}>
          <table className="log" data-testid="access-log">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('who')}</th>
                <th scope="col">{t('whatWasDone')}</th>
                <th scope="col">{t('why')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td>{formatShortDateTime(e.time, language)}</td>
                  <td>
                    {e.actorName} ({e.relation})
                  </td>
                  <td>
                    {actionKeys[e.action] ? t(actionKeys[e.action]) : e.action}
                    {e.outcome === 'refused' && ` – ${t('refused')}`}
                  </td>
                  <td>{e.purpose}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions">
        {page > 1 && (
          <Button variant="outline" onClick={() => setPage(page - 1)}>
            {t('previousPage')}
          </Button>
        )}
        {entries?.length === pageSize && (
          <Button variant="outline" onClick={() => setPage(page + 1)}>
            {t('nextPage')}
          </Button>
        )}
      </div>
    </section>
  );
}

/** An iCalendar link the person can subscribe to in their own calendar; revoking it makes every copy stop working. */
export function CalendarLink({ subject }: { subject: Representation }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoked, setRevoked] = useState(false);
  const path = `/api/v1/subjects/${subject.subjectId}/calendar-feed`;

  const create = async () => {
    setRevoked(false);
    setCopied(false);
    setUrl((await api<{ url: string }>(path, { method: 'POST' })).url);
  };
  const revoke = async () => {
    await api(path, { method: 'DELETE' });
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

interface Power {
  id: string;
  direction: 'given' | 'received';
  giverName: string;
  receiverName: string | null;
  scopes: string[];
  validTo: string | null;
  inForce: boolean;
}

const delegable = ['profile.read', 'appointments.read', 'appointments.cancel', 'messages.read', 'messages.send'];

/** Powers of attorney this person has given (and may end) or received. */
export function PowersOfAttorney() {
  const { t, language } = useI18n();
  const [powers, setPowers] = useState<Power[] | null>(null);
  const [receiver, setReceiver] = useState('');
  const [scopes, setScopes] = useState<string[]>(['appointments.read']);
  const [message, setMessage] = useState<{ variant: 'success' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => setPowers(await api<Power[]>('/api/v1/me/powers-of-attorney')), []);
  useEffect(() => void load(), [load]);

  const grant = async () => {
    setMessage(null);
    try {
      // The receiver's number goes in the body of a POST, never in an address.
      const receipt = await api<{ message: string }>('/api/v1/me/powers-of-attorney', { method: 'POST', body: { receiverPid: receiver, scopes } });
      setReceiver('');
      setMessage({ variant: 'success', text: receipt.message });
      await load();
    } catch (e) {
      setMessage({ variant: 'error', text: e instanceof ApiError ? e.message : String(e) });
    }
  };
  const end = async (id: string) => {
    await api(`/api/v1/me/powers-of-attorney/${id}`, { method: 'DELETE' });
    await load();
  };

  if (!powers) return <Loader ariaLabel={t('loading')} />;
  return (
    <section aria-labelledby="powers-title">
      <Title id="powers-title" htmlMarkup="h2" appearance="title2">
        {t('powersOfAttorney')}
      </Title>
      {powers.length === 0 && <p>{t('noPowers')}</p>}
      <ul className="cards">
        {powers.map((p) => (
          <li key={p.id} className="card">
            <p>
              <strong>{p.direction === 'given' ? t('powerGiven') : t('powerReceived', { name: p.giverName })}</strong>
            </p>
            <p>{p.scopes.map((s) => (actionKeys[s] ? t(actionKeys[s]) : s)).join(', ')}</p>
            <p>
              {p.inForce ? t('inForce') : t('notInForce')}
              {p.validTo && ` · ${t('validTo', { when: formatShortDateTime(p.validTo, language) })}`}
            </p>
            {p.direction === 'given' && p.inForce && (
              <Button variant="outline" onClick={() => void end(p.id)}>
                {t('endPower')}
              </Button>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void grant();
        }}
      >
        <Title htmlMarkup="h3" appearance="title3">
          {t('grantPower')}
        </Title>
        <Input inputId="receiver" label={t('receiverNumber')} value={receiver} onChange={(e) => setReceiver(e.target.value)} autoComplete="off" inputMode="numeric" />
        <fieldset className="scopes">
          <legend>{t('powerScopes')}</legend>
          {delegable.map((s) => (
            <Checkbox
              key={s}
              inputId={`scope-${s}`}
              label={t(actionKeys[s])}
              checked={scopes.includes(s)}
              onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
            />
          ))}
        </fieldset>
        {message && (
          <NotificationPanel variant={message.variant} role={message.variant === 'error' ? 'alert' : 'status'}>
            {message.text}
          </NotificationPanel>
        )}
        <div className="actions">
          <Button type="submit">{t('grantPower')}</Button>
        </div>
      </form>
    </section>
  );
}
