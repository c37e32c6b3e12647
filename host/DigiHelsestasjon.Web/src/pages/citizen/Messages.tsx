import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Input from '@helsenorge/designsystem-react/components/Input';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, ApiError, download } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n, type TextKey } from '../../i18n';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Municipality, PublicUnit, Representation, Thread, ThreadSummary } from '../../api';

const deliveryKeys: Record<string, TextKey> = { sent: 'deliverySent', received: 'deliveryReceived', journaled: 'deliveryJournaled', failed: 'deliveryFailed' };

/** /innbygger/{subjectId}/meldinger[/{threadId}|/ny]. */
export function Messages({ subject }: { subject: Representation }) {
  const path = useLocation().pathname;
  const threadId = path.split('/')[4];
  const base = `/innbygger/${subject.subjectId}/meldinger`;
  if (threadId === 'ny') return <NewThread subject={subject} base={base} />;
  if (threadId) return <ThreadView subject={subject} threadId={threadId} base={base} />;
  return <ThreadList subject={subject} base={base} />;
}

function ThreadList({ subject, base }: { subject: Representation; base: string }) {
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

function NewThread({ subject, base }: { subject: Representation; base: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [municipalities, setMunicipalities] = useState<Municipality[]>([]);
  const [municipality, setMunicipality] = useState('');
  const [units, setUnits] = useState<PublicUnit[]>([]);
  const [unitId, setUnitId] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [wish, setWish] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A young person may ask the school nurse or HFU for a time on her own behalf; the unit answers in the thread.
  const unitType = units.find((u) => u.unitId === unitId)?.type;
  const mayWish = subject.relation === 'self' && (unitType === 'school-health' || unitType === 'youth-clinic');
  // One key per message written: a double click or a retry after a lost answer never sends it twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    api<Municipality[]>('/api/v1/municipalities').then((list) => {
      setMunicipalities(list);
      if (list.length > 0) setMunicipality(list[0].kommunenummer);
    });
  }, []);
  useEffect(() => {
    if (!municipality) return;
    api<PublicUnit[]>(`/api/v1/units?municipality=${municipality}`).then((list) => {
      setUnits(list);
      setUnitId(list[0]?.unitId ?? '');
    });
  }, [municipality]);

  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const thread = await api<Thread>(`/api/v1/subjects/${subject.subjectId}/threads`, {
        method: 'POST',
        body: mayWish && wish ? { unitId, subject: title || t('timeWishSubject'), body, topic: 'time-wish' } : { unitId, subject: title, body },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      navigate(`${base}/${thread.threadId}`, { replace: true });
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <form
      aria-labelledby="new-title"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Title id="new-title" htmlMarkup="h2" appearance="title2">
        {t('newMessage')}
      </Title>
      <Select selectId="municipality" label={t('municipality')} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
        {municipalities.map((m) => (
          <option key={m.kommunenummer} value={m.kommunenummer}>
            {m.name}
          </option>
        ))}
      </Select>
      <Select selectId="unit" label={t('toUnit')} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
        {units.map((u) => (
          <option key={u.unitId} value={u.unitId}>
            {u.name}
          </option>
        ))}
      </Select>
      {mayWish && (
        <Checkbox inputId="time-wish" label={t('timeWishChoice')} checked={wish} onChange={(e) => setWish(e.target.checked)} />
      )}
      {mayWish && wish && <p className="hint">{t('timeWishHint')}</p>}
      <Input inputId="subject" label={t('messageSubject')} value={title} onChange={(e) => setTitle(e.target.value)} />
      <Textarea textareaId="body" label={t('messageBody')} value={body} onChange={(e) => setBody(e.target.value)} minRows={5} />
      <p className="hint">{t('messageJournalNotice')}</p>
      {problem && (
        <NotificationPanel variant="error" role="alert">
          {problem}
        </NotificationPanel>
      )}
      <div className="actions">
        <Button type="submit" disabled={busy || !unitId}>
          {t('send')}
        </Button>
        <Link to={base}>{t('back')}</Link>
      </div>
    </form>
  );
}

function ThreadView({ subject, threadId, base }: { subject: Representation; threadId: string; base: string }) {
  const { t, language } = useI18n();
  const [thread, setThread] = useState<Thread | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setThread(await api<Thread>(`/api/v1/subjects/${subject.subjectId}/threads/${threadId}`));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 404 ? t('notFound') : String((e as Error).message));
    }
  }, [subject.subjectId, threadId, t]);
  useEffect(() => void load(), [load]);

  // A message on its way to the journal is followed until it is journaled (or has failed).
  const travelling = thread?.messages.some((m) => m.direction === 'to-unit' && (m.deliveryState === 'sent' || m.deliveryState === 'received')) ?? false;
  useEffect(() => {
    if (!travelling) return;
    const timer = window.setInterval(() => void load(), 2000);
    return () => window.clearInterval(timer);
  }, [travelling, load]);

  const send = async () => {
    setBusy(true);
    try {
      const attachmentIds: string[] = [];
      if (file) {
        const form = new FormData();
        form.append('file', file);
        const uploaded = await api<{ attachmentId: string }>(`/api/v1/subjects/${subject.subjectId}/threads/${threadId}/attachments`, {
          method: 'POST',
          body: form,
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        });
        attachmentIds.push(uploaded.attachmentId);
      }
      await api(`/api/v1/subjects/${subject.subjectId}/threads/${threadId}/messages`, {
        method: 'POST',
        body: { body: reply, attachmentIds },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      setReply('');
      setFile(null);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <NotificationPanel variant="error" label={t('somethingFailed')}>{error}</NotificationPanel>;
  if (!thread) return <Loader ariaLabel={t('loading')} />;
  return (
    <section aria-labelledby="thread-title">
      <p className="breadcrumb">
        <Link to={base}>{t('allMessages')}</Link>
      </p>
      <Title id="thread-title" htmlMarkup="h2" appearance="title2">
        {thread.subject}
      </Title>
      <p>{thread.unitName}</p>
      <ol className="messages" aria-live="polite">
        {thread.messages.map((m) => (
          <li key={m.messageId} className={`message message-${m.direction}`}>
            <p className="meta">
              {m.authorName} · {formatShortDateTime(m.sentAt, language)}
            </p>
            <p className="body">{m.body}</p>
            {m.attachments.map((a) => (
              <p key={a.attachmentId}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void download(`/api/v1/subjects/${subject.subjectId}/threads/${thread.threadId}/attachments/${a.attachmentId}`, a.fileName)}
                >
                  {a.fileName}
                </button>
              </p>
            ))}
            {m.direction === 'to-unit' && (
              <p className="state" data-testid="delivery-state">
                <span className={`state-tag state-${m.deliveryState}`}>{t(deliveryKeys[m.deliveryState])}</span>
                {m.failure && ` ${m.failure}`}
              </p>
            )}
          </li>
        ))}
      </ol>
      {subject.permissions.includes('messages.send') && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <Textarea textareaId="reply" label={t('reply')} value={reply} onChange={(e) => setReply(e.target.value)} minRows={3} />
          <label className="file-label" htmlFor="attachment">
            {t('attachFile')}
          </label>
          <input id="attachment" type="file" accept=".pdf,.jpg,.jpeg,.png" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <div className="actions">
            <Button type="submit" disabled={busy || reply.trim() === ''}>
              {t('send')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
