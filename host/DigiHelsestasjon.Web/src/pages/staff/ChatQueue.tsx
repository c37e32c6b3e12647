import { useCallback, useEffect, useState } from 'react';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, readEvents } from '../../api';
import { formatTime } from '../../format';
import { ChatLog } from '../../ChatLog';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';
import type { ChatEvent } from '../../api';

interface QueueEntry {
  conversationId: string;
  unitId: string;
  state: string;
  position: number | null;
  waitingSince: string;
  heldByMe: boolean;
}

interface Colleague {
  nurseId: string;
  unitId: string;
}

interface PreparedAnswer {
  id: string;
  title: string;
  text: string;
}

const staffChat = '/api/v1/staff/youth-chat';

export function ChatQueue() {
  const { t, language } = useI18n();
  const [queue, setQueue] = useState<QueueEntry[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setQueue((await api<{ conversations: QueueEntry[] }>(`${staffChat}/queue`)).conversations);
    } catch (e) {
      setProblem(problemText(t, e));
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 2000);
    return () => window.clearInterval(timer);
  }, [load]);

  const claim = async (id: string) => {
    try {
      await api(`${staffChat}/conversations/${id}/claim`, { method: 'POST' });
      setOpen(id);
      await load();
    } catch (e) {
      setProblem(problemText(t, e));
    }
  };

  return (
    <section aria-labelledby="queue-title">
      <Title id="queue-title" htmlMarkup="h2" appearance="title2">
        {t('chatQueue')}
      </Title>
      {problem && <NotificationPanel variant="error">{problem}</NotificationPanel>}
      {queue.length === 0 && <p>{t('queueEmpty')}</p>}
      <ul className="cards" data-testid="chat-queue">
        {queue.map((entry) => (
          <li key={entry.conversationId} className="card">
            <p>
              {entry.heldByMe ? t('yourConversation') : t('waitingSince', { when: formatTime(entry.waitingSince, language) })}
            </p>
            {entry.heldByMe ? (
              <Button variant="outline" onClick={() => setOpen(entry.conversationId)}>
                {t('openConversation')}
              </Button>
            ) : (
              <Button onClick={() => void claim(entry.conversationId)}>{t('claimConversation')}</Button>
            )}
          </li>
        ))}
      </ul>
      {open && <StaffConversation key={open} conversationId={open} onClosed={() => setOpen(null)} />}
    </section>
  );
}

function StaffConversation({ conversationId, onClosed }: { conversationId: string; onClosed: () => void }) {
  const { t } = useI18n();
  const [events, setEvents] = useState<ChatEvent[]>([]);
  const [ended, setEnded] = useState(false);
  const [text, setText] = useState('');
  const [prepared, setPrepared] = useState<PreparedAnswer[]>([]);
  const [colleagues, setColleagues] = useState<Colleague[]>([]);
  const [transferTo, setTransferTo] = useState('');

  useEffect(() => {
    api<PreparedAnswer[]>(`${staffChat}/prepared-answers`).then(setPrepared, () => setPrepared([]));
    api<Colleague[]>(`${staffChat}/colleagues`).then(setColleagues, () => setColleagues([]));
    const abort = new AbortController();
    const seen = new Set<number>();
    void readEvents(`${staffChat}/conversations/${conversationId}/events`, {}, (message) => {
      const data = message.data ? JSON.parse(message.data) : {};
      // Ended by either side, or erased at once by the youth's quick exit.
      if ((message.event === 'state' && data.state === 'ended') || message.event === 'erased') setEnded(true);
      if (message.event === 'erased') setEvents([]);
      if (typeof data.seq === 'number' && !seen.has(data.seq)) {
        seen.add(data.seq);
        if (message.event === 'ended') setEnded(true);
        setEvents((list) => [...list, data as ChatEvent]);
      }
    }, abort.signal).catch(() => undefined);
    return () => abort.abort();
  }, [conversationId]);

  const send = async (body: { text?: string; preparedAnswerId?: string }) => {
    await api(`${staffChat}/conversations/${conversationId}/messages`, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    setText('');
  };

  const act = async (action: 'end' | 'abusive') => {
    await api(`${staffChat}/conversations/${conversationId}/${action}`, { method: 'POST' });
    onClosed();
  };

  // To a colleague on duty at the unit, or (no colleague chosen) back to the unit's queue in its old place.
  const transfer = async () => {
    await api(`${staffChat}/conversations/${conversationId}/transfer`, { method: 'POST', body: { toNurseId: transferTo || null } });
    onClosed();
  };

  return (
    <section aria-labelledby="conversation-title" className="chat">
      <Title id="conversation-title" htmlMarkup="h3" appearance="title3">
        {t('conversation')}
      </Title>
      {ended && <p role="status">{t('chatEnded')}</p>}
      <ChatLog events={events} me="nurse" testId="staff-messages" />
      {!ended && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void send({ text: text.trim() });
            }}
          >
            <Textarea textareaId="staff-text" label={t('answer')} value={text} onChange={(e) => setText(e.target.value)} minRows={2} />
            <div className="actions">
              <Button type="submit">{t('send')}</Button>
            </div>
          </form>
          {prepared.length > 0 && (
            <Select
              selectId="prepared"
              label={t('preparedAnswers')}
              value=""
              onChange={(e) => e.target.value && void send({ preparedAnswerId: e.target.value })}
            >
              <option value="">{t('choosePreparedAnswer')}</option>
              {prepared.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </Select>
          )}
          <Select selectId="transfer-to" label={t('transferTo')} value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
            <option value="">{t('backToQueue')}</option>
            {colleagues.map((c) => (
              <option key={c.nurseId} value={c.nurseId}>
                {t('colleague', { id: c.nurseId.replace(/^hpr:/, '') })}
              </option>
            ))}
          </Select>
          <div className="actions">
            <Button variant="outline" onClick={() => void transfer()}>
              {t('transfer')}
            </Button>
          </div>
          <div className="actions">
            <Button variant="outline" onClick={() => void act('end')}>
              {t('endConversation')}
            </Button>
            <Button variant="borderless" concept="destructive" onClick={() => void act('abusive')}>
              {t('flagAbusive')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
