import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import {
  data,
  getApiV1StaffYouthChatColleagues,
  getApiV1StaffYouthChatPreparedAnswers,
  getApiV1StaffYouthChatQueue,
  idempotent,
  postApiV1StaffYouthChatConversationsByConversationIdAbusive,
  postApiV1StaffYouthChatConversationsByConversationIdClaim,
  postApiV1StaffYouthChatConversationsByConversationIdEnd,
  postApiV1StaffYouthChatConversationsByConversationIdMessages,
  postApiV1StaffYouthChatConversationsByConversationIdTransfer,
  readEvents,
} from '../../api';
import type { ChatEvent, Colleague, PreparedAnswer, QueueEntry } from '../../api';
import { formatTime } from '../../format';
import { ChatLog } from '../../ChatLog';
import { useI18n } from '../../i18n';
import { Loaded, ProblemMessage } from '../../query';
import { ConfirmDialog } from './ConfirmDialog';
import { preparedAnswersKey } from './PreparedAnswersPage';

/** The queue is asked for again this often: a youth who comes, leaves or is taken by a colleague shows within seconds. */
const queueRhythm = 2_000;

const queueKey = ['staff', 'youth-chat', 'queue'];

export function ChatQueue() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const query = useQuery({
    queryKey: queueKey,
    queryFn: async () => (await data<{ conversations: QueueEntry[] }>(getApiV1StaffYouthChatQueue())).conversations,
    refetchInterval: queueRhythm,
    staleTime: 0,
  });

  const claim = async (id: string) => {
    setProblem(null);
    try {
      await postApiV1StaffYouthChatConversationsByConversationIdClaim({ path: { conversationId: id } });
      setOpen(id);
    } catch (e) {
      setProblem(e);
    }
    await queryClient.invalidateQueries({ queryKey: queueKey });
  };

  return (
    <section aria-labelledby="queue-title">
      <Title id="queue-title" htmlMarkup="h2" appearance="title2">
        {t('chatQueue')}
      </Title>
      {problem !== null && <ProblemMessage error={problem} />}
      <Loaded query={query}>
        {(queue) => (
          <>
            {queue.length === 0 && <p>{t('queueEmpty')}</p>}
            <ul className="cards" aria-labelledby="queue-title">
              {queue.map((entry) => (
                <QueueCard key={entry.conversationId} entry={entry} onOpen={() => setOpen(entry.conversationId)} onClaim={() => void claim(entry.conversationId)} />
              ))}
            </ul>
          </>
        )}
      </Loaded>
      {open && (
        <StaffConversation
          key={open}
          conversationId={open}
          onClosed={() => {
            setOpen(null);
            void queryClient.invalidateQueries({ queryKey: queueKey });
          }}
        />
      )}
    </section>
  );
}

/** What a nurse triages by: which unit, what it is about (the youth's first words), how long she has waited, and
 * whether she is still there. */
function QueueCard({ entry, onOpen, onClaim }: { entry: QueueEntry; onOpen: () => void; onClaim: () => void }) {
  const { t, language } = useI18n();
  return (
    <li className="card">
      <Title htmlMarkup="h3" appearance="title4">
        {entry.unitName || t('chatUnitUnknown')}
      </Title>
      {entry.firstMessage ? (
        <blockquote className="first-message" aria-label={t('chatFirstMessage')}>
          {entry.firstMessage}
        </blockquote>
      ) : (
        <p className="hint">{t('chatNotWrittenYet')}</p>
      )}
      <p>
        {entry.heldByMe
          ? t('yourConversation')
          : t('waitingSince', { when: formatTime(entry.waitingSince, language) }) + (entry.position ? ` · ${t('chatQueuePlace', { place: String(entry.position) })}` : '')}
      </p>
      {entry.youthAway && (
        <p className="chat-away" role="note">
          {t('chatYouthAway')}
        </p>
      )}
      {entry.heldByMe ? (
        <Button variant="outline" onClick={onOpen}>
          {t('openConversation')}
        </Button>
      ) : (
        <Button onClick={onClaim}>{t('claimConversation')}</Button>
      )}
    </li>
  );
}

function StaffConversation({ conversationId, onClosed }: { conversationId: string; onClosed: () => void }) {
  const { t } = useI18n();
  const [events, setEvents] = useState<ChatEvent[]>([]);
  const [ended, setEnded] = useState(false);
  const [text, setText] = useState('');
  const [transferTo, setTransferTo] = useState('');
  const [askAbusive, setAskAbusive] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const prepared = useQuery({
    queryKey: preparedAnswersKey,
    queryFn: () => data<PreparedAnswer[]>(getApiV1StaffYouthChatPreparedAnswers()),
  });
  const colleagues = useQuery({
    queryKey: ['staff', 'youth-chat', 'colleagues'],
    queryFn: () => data<Colleague[]>(getApiV1StaffYouthChatColleagues()),
  });

  useEffect(() => {
    const abort = new AbortController();
    const seen = new Set<number>();
    void readEvents(`/api/v1/staff/youth-chat/conversations/${conversationId}/events`, {}, (message) => {
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

  // Every act reports what went wrong where the nurse acted; the conversation stays open so she can try again.
  const run = async (act: () => Promise<unknown>, after?: () => void) => {
    setProblem(null);
    try {
      await act();
      after?.();
    } catch (e) {
      setProblem(e);
    }
  };

  const send = (body: string) =>
    run(() => postApiV1StaffYouthChatConversationsByConversationIdMessages({ path: { conversationId }, body: { text: body }, headers: idempotent() }), () => setText(''));

  // A prepared answer goes into the answer field, to be read through and fitted to this youth before it is sent.
  const insert = (answer: PreparedAnswer) => setText((current) => (current.trim() ? `${current.trimEnd()}\n\n${answer.text}` : answer.text));

  const path = { path: { conversationId } };

  return (
    <section aria-labelledby="conversation-title" className="chat">
      <Title id="conversation-title" htmlMarkup="h3" appearance="title3">
        {t('conversation')}
      </Title>
      {ended && <p role="status">{t('chatEnded')}</p>}
      <ChatLog events={events} me="nurse" />
      {problem !== null && <ProblemMessage error={problem} />}
      {!ended && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) void send(text.trim());
            }}
          >
            {(prepared.data ?? []).length > 0 && (
              <Select
                selectId="prepared"
                label={t('preparedAnswers')}
                value=""
                onChange={(e) => {
                  const chosen = prepared.data?.find((p) => p.id === e.target.value);
                  if (chosen) insert(chosen);
                }}
              >
                <option value="">{t('choosePreparedAnswer')}</option>
                {(prepared.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.title}
                  </option>
                ))}
              </Select>
            )}
            <Textarea textareaId="staff-text" label={t('answer')} value={text} onChange={(e) => setText(e.target.value)} minRows={3} />
            <div className="actions">
              <Button type="submit">{t('send')}</Button>
            </div>
          </form>
          <Select selectId="transfer-to" label={t('transferTo')} value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
            <option value="">{t('backToQueue')}</option>
            {(colleagues.data ?? []).map((c) => (
              <option key={c.nurseId} value={c.nurseId}>
                {t('colleague', { id: c.nurseId.replace(/^hpr:/, '') })}
              </option>
            ))}
          </Select>
          <div className="actions">
            <Button variant="outline" onClick={() => void run(() => postApiV1StaffYouthChatConversationsByConversationIdTransfer({ ...path, body: { toNurseId: transferTo || null } }), onClosed)}>
              {t('transfer')}
            </Button>
            <Button variant="outline" onClick={() => void run(() => postApiV1StaffYouthChatConversationsByConversationIdEnd(path), onClosed)}>
              {t('endConversation')}
            </Button>
          </div>
          {/* Apart from the ordinary end: it blocks the youth's device for a day, so it is asked for first. */}
          <div className="chat-abusive">
            <p className="hint">{t('flagAbusiveHint')}</p>
            <Button variant="borderless" concept="destructive" onClick={() => setAskAbusive(true)}>
              {t('flagAbusive')}
            </Button>
          </div>
          {askAbusive && (
            <ConfirmDialog
              title={t('flagAbusiveConfirmTitle')}
              description={t('flagAbusiveConfirmText')}
              confirm={t('flagAbusive')}
              onCancel={() => setAskAbusive(false)}
              onConfirm={() => {
                setAskAbusive(false);
                void run(() => postApiV1StaffYouthChatConversationsByConversationIdAbusive(path), onClosed);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
