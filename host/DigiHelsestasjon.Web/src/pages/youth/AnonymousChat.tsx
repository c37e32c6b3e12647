import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { flushSync } from 'react-dom';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import {
  anonymous,
  bff,
  data,
  deleteApiV1YouthChatConversationsByConversationId,
  getApiV1Municipalities,
  getApiV1YouthChatUnits,
  idempotent,
  postApiV1YouthChatConversations,
  postApiV1YouthChatConversationsByConversationIdHandOver,
  postApiV1YouthChatConversationsByConversationIdMessages,
  readEvents,
  sessionChanged,
} from '../../api';
import { useSession } from '../../session';
import { formatDateTime } from '../../format';
import { ChatLog } from '../../ChatLog';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';
import { Link, useNavigate } from 'react-router';
import type { ChatEvent, ChatUnit, Municipality } from '../../api';

// Where quick exit leaves for: an ordinary page that gives nothing away to someone looking over a shoulder.
export const quickExitUrl = 'https://www.google.no/';

interface Conversation {
  unitName?: string;
  conversationId: string;
  conversationToken: string;
  queuePosition: number;
  helpNow: { name: string; phone: string; when: string }[];
}

/** Ends the conversation and erases it at once (the youth's only way to end it: nothing of it is kept). keepalive: on
 * quick exit the request outlives the page being left. */
function erase(conversation: Conversation, keepalive = false) {
  return deleteApiV1YouthChatConversationsByConversationId({ path: { conversationId: conversation.conversationId }, ...anonymous(conversation.conversationToken), keepalive });
}

/** The anonymous chat: no login, nothing written to the browser. The conversation's token lives only in this page's
 * memory; quick exit ends the conversation, clears what the site may have stored and replaces the page in history. */
export default function AnonymousChat() {
  const { t } = useI18n();
  const session = useSession();
  const [conversation, setConversation] = useState<Conversation | null>(null);

  const quickExit = () => {
    if (conversation) void erase(conversation, true).catch(() => undefined);
    if (session?.authenticated) {
      // Someone logged in on this device: the next person must not find the session still open.
      void bff('/bff/logout', { method: 'POST', keepalive: true }).catch(() => undefined);
    }
    // Cleared on screen before leaving: a page the browser keeps for its Back button must not hold the conversation.
    flushSync(() => setConversation(null));
    try {
      window.sessionStorage.clear();
      window.localStorage.clear();
    } catch {
      // Nothing could be stored either.
    }
    window.history.replaceState(null, '', '/');
    window.location.replace(quickExitUrl);
  };

  return (
    <div className="youth-chat">
      <div className="quick-exit">
        <Button variant="fill" concept="destructive" onClick={quickExit}>
          {t('quickExit')}
        </Button>
        <span className="quick-exit-hint">{t('quickExitHint')}</span>
      </div>
      <Title htmlMarkup="h1" appearance="title1">
        {t('anonymousChat')}
      </Title>
      <HelpNumbers />
      {conversation ? <ChatWindow conversation={conversation} /> : <StartChat onStarted={setConversation} />}
    </div>
  );
}

function HelpNumbers() {
  const { t } = useI18n();
  return (
    <aside className="help-numbers" aria-labelledby="help-title">
      <Title id="help-title" htmlMarkup="h2" appearance="title4">
        {t('helpNowTitle')}
      </Title>
      <ul>
        <li>
          {t('helpEmergency')}: <a href="tel:113">113</a>
        </li>
        <li>
          {t('helpAlarm')}: <a href="tel:116111">116 111</a>
        </li>
        <li>
          {t('helpMentalHealth')}: <a href="tel:116123">116 123</a>
        </li>
      </ul>
    </aside>
  );
}

function StartChat({ onStarted }: { onStarted: (conversation: Conversation) => void }) {
  const { t, language } = useI18n();
  // Public lists, read without the cookie: an anonymous page never carries someone's login.
  const municipalities = useQuery({ queryKey: ['anonymous', 'municipalities'], queryFn: () => data<Municipality[]>(getApiV1Municipalities({ ...anonymous() })), staleTime: 600_000 });
  const [municipality, setMunicipality] = useState('');
  const units = useQuery({
    queryKey: ['anonymous', 'chat-units', municipality],
    queryFn: () => data<ChatUnit[]>(getApiV1YouthChatUnits({ query: { municipality }, ...anonymous() })),
    enabled: municipality !== '',
  });
  const [problem, setProblem] = useState<string | null>(null);

  const start = async (unitId: string, unitName: string) => {
    setProblem(null);
    try {
      onStarted({ ...(await data<Conversation>(postApiV1YouthChatConversations({ body: { unitId }, ...anonymous() }))), unitName });
    } catch (e) {
      setProblem(problemText(t, e));
    }
  };

  return (
    <section aria-labelledby="start-title">
      <Title id="start-title" htmlMarkup="h2" appearance="title3">
        {t('chatStartTitle')}
      </Title>
      <ChatExplained retentionHours={units.data?.[0]?.retentionHours} />
      <p>{t('chatStartLead')}</p>
      <Select selectId="chat-municipality" label={t('municipality')} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
        <option value="">{t('chooseMunicipality')}</option>
        {(municipalities.data ?? []).map((m) => (
          <option key={m.kommunenummer} value={m.kommunenummer}>
            {m.name}
          </option>
        ))}
      </Select>
      {municipalities.isError && <p>{t('loadFailed')}</p>}
      {problem && (
        <NotificationPanel variant="error" role="alert">
          {problem}
        </NotificationPanel>
      )}
      {units.isLoading && <Loader ariaLabel={t('loading')} />}
      {(units.isError || units.data?.length === 0) && <p>{t('noChatUnits')}</p>}
      <ul className="cards">
        {units.data?.map((u) => (
          <li key={u.unitId} className="card">
            <Title htmlMarkup="h3" appearance="title4">
              {u.name}
            </Title>
            {u.openNow ? (
              <Button onClick={() => void start(u.unitId, u.name)}>
                {t('startChat')}
              </Button>
            ) : (
              <p>{u.opensAt ? t('closedOpensAt', { when: formatDateTime(u.opensAt, language) }) : t('closed')}</p>
            )}
            {u.phone && (
              <p>
                {t('callUnit')} <a href={`tel:${u.phone.replace(/\s/g, '')}`}>{u.phone}</a>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Before a youth writes anything: what anonymous means here, how long the conversation is kept, and when the nurse
 * must pass something on - told plainly, with the privacy page one click away. */
function ChatExplained({ retentionHours }: { retentionHours: number | undefined }) {
  const { t } = useI18n();
  return (
    <div className="chat-explained">
      <p>{t('chatAnonymousMeans')}</p>
      <p>{retentionHours ? t('chatKeptFor', { time: durationInWords(retentionHours, t) }) : t('chatKeptUntilDeleted')}</p>
      <p>{t('chatPassOn')}</p>
      <p>
        <Link to="/personvern">{t('chatPrivacyLink')}</Link>
      </p>
    </div>
  );
}

/** "24 timer", "7 døgn": whole days said as days. */
function durationInWords(hours: number, t: ReturnType<typeof useI18n>['t']) {
  if (hours % 24 === 0) return hours === 24 ? t('oneDay') : t('days', { count: hours / 24 });
  return hours === 1 ? t('oneHour') : t('hours', { count: hours });
}

function ChatWindow({ conversation }: { conversation: Conversation }) {
  const { t } = useI18n();
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const [erased, setErased] = useState(false);
  const [events, setEvents] = useState<ChatEvent[]>([]);
  const [position, setPosition] = useState<number | null>(conversation.queuePosition);
  const [joined, setJoined] = useState(false);
  const [ended, setEnded] = useState(false);
  const [text, setText] = useState('');
  const auth = { Authorization: `Bearer ${conversation.conversationToken}` };
  const authRef = useRef(auth);

  useEffect(() => {
    const abort = new AbortController();
    const seen = new Set<number>();
    void readEvents(
      `/api/v1/youth-chat/conversations/${conversation.conversationId}/events`,
      authRef.current,
      (message) => {
        const data = message.data ? JSON.parse(message.data) : {};
        if (message.event === 'state') {
          setPosition(data.queuePosition ?? null);
          setJoined(Boolean(data.nurseJoined));
          if (data.state === 'ended') setEnded(true);
        } else if (message.event === 'queue') {
          setPosition(data.queuePosition ?? null);
        } else if (message.event === 'keep-alive') {
          // Nothing to show.
        } else if (message.event === 'erased') {
          setEvents([]);
          setEnded(true);
        } else if (typeof data.seq === 'number' && !seen.has(data.seq)) {
          seen.add(data.seq);
          if (message.event === 'nurse-joined') setJoined(true);
          if (message.event === 'nurse-left') setJoined(false);
          if (message.event === 'ended') setEnded(true);
          setEvents((list) => [...list, data as ChatEvent]);
        }
      },
      abort.signal,
      true,
    ).catch(() => undefined);
    return () => abort.abort();
  }, [conversation.conversationId]);

  const send = async () => {
    const message = text.trim();
    if (!message) return;
    setText('');
    const { credentials, headers } = anonymous(conversation.conversationToken);
    await postApiV1YouthChatConversationsByConversationIdMessages({
      path: { conversationId: conversation.conversationId },
      body: { text: message },
      credentials,
      headers: { ...headers, ...idempotent() },
    });
  };

  const end = async () => {
    setConfirmingEnd(false);
    await erase(conversation).catch(() => undefined);
    setErased(true);
    setEnded(true);
    setEvents([]);
  };

  return (
    <section aria-labelledby="chat-title" className="chat">
      <Title id="chat-title" htmlMarkup="h2" appearance="title3">
        {conversation.unitName ? t('chatWith', { name: conversation.unitName }) : t('chatTitle')}
      </Title>
      <p role="status" aria-label={t('chatStatus')}>
        {erased ? t('chatEndedErased') : ended ? t('chatEnded') : joined ? t('nurseJoined') : position !== null ? t('queuePosition', { position }) : t('waitingForNurse')}
      </p>
      <ChatLog events={events} me="youth" />
      {!ended && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <Textarea textareaId="chat-text" label={t('writeMessage')} value={text} onChange={(e) => setText(e.target.value)} minRows={2} />
          <div className="actions">
            <Button type="submit">{t('send')}</Button>
          </div>
        </form>
      )}
      {!ended && <HandOver conversation={conversation} />}
      {!ended && !confirmingEnd && (
        <div className="actions">
          <Button variant="borderless" onClick={() => setConfirmingEnd(true)}>
            {t('endChat')}
          </Button>
        </div>
      )}
      {!ended && confirmingEnd && (
        <div className="card" role="group" aria-labelledby="end-question">
          <p id="end-question">{t('endChatQuestion')}</p>
          <div className="actions">
            <Button onClick={() => void end()}>{t('endChatYes')}</Button>
            <Button variant="borderless" onClick={() => setConfirmingEnd(false)}>
              {t('endChatNo')}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

/** Going on as yourself: the youth logs in (in a small window, so this page and the conversation's token stay as they
 * are), says whether the chat so far may be copied, and the conversation continues as a message thread in their name. */
function HandOver({ conversation }: { conversation: Conversation }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [copy, setCopy] = useState(false);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const loginThenHandOver = (issuer: 'feide' | 'idporten') => {
    setProblem(null);
    const popup = window.open(`/bff/login?issuer=${issuer}&returnUrl=%2Finnlogget`, 'login', 'popup,width=520,height=720');
    if (!popup) {
      setProblem(t('popupBlocked'));
      return;
    }
    const done = async (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.data?.type !== 'logged-in') return;
      window.removeEventListener('message', done);
      try {
        // Now with the login's cookie: the thread is started in the youth's own name.
        const handedOver = await data<{ threadId: string; subjectId: string }>(
          postApiV1YouthChatConversationsByConversationIdHandOver({
            path: { conversationId: conversation.conversationId },
            body: { conversationToken: conversation.conversationToken, consentToCopyTranscript: copy, message },
          }),
        );
        sessionChanged();
        navigate(`/innbygger/${handedOver.subjectId}/meldinger/${handedOver.threadId}`, { replace: true });
      } catch (e) {
        setProblem(problemText(t, e));
      }
    };
    window.addEventListener('message', done);
  };

  if (!asking) {
    return (
      <div className="actions">
        <Button variant="outline" onClick={() => setAsking(true)}>
          {t('continueLoggedIn')}
        </Button>
      </div>
    );
  }
  return (
    <section aria-labelledby="handover-title" className="card">
      <Title id="handover-title" htmlMarkup="h3" appearance="title4">
        {t('continueLoggedIn')}
      </Title>
      <p>{t('handOverLead')}</p>
      <Textarea textareaId="handover-message" label={t('handOverMessage')} value={message} onChange={(e) => setMessage(e.target.value)} minRows={2} required />
      <Checkbox inputId="copy-transcript" label={t('handOverConsent')} checked={copy} onChange={(e) => setCopy(e.target.checked)} />
      {problem && (
        <NotificationPanel variant="error" role="alert">
          {problem}
        </NotificationPanel>
      )}
      <div className="actions">
        <Button onClick={() => loginThenHandOver('feide')} disabled={message.trim() === ''}>
          {t('loginPupil')}
        </Button>
        <Button variant="outline" onClick={() => loginThenHandOver('idporten')} disabled={message.trim() === ''}>
          {t('loginCitizen')}
        </Button>
      </div>
    </section>
  );
}
