import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import Button from '@helsenorge/designsystem-react/components/Button';
import Checkbox from '@helsenorge/designsystem-react/components/Checkbox';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Select from '@helsenorge/designsystem-react/components/Select';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, readEvents, sessionChanged } from '../../api';
import { useSession } from '../../session';
import { formatDateTime } from '../../format';
import { ChatLog } from '../../ChatLog';
import { useI18n } from '../../i18n';
import { problemText } from '../../problems';
import { useNavigate } from 'react-router';
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

/** The anonymous chat: no login, nothing written to the browser. The conversation's token lives only in this page's
 * memory; quick exit ends the conversation, clears what the site may have stored and replaces the page in history. */
export default function AnonymousChat() {
  const { t } = useI18n();
  const session = useSession();
  const [conversation, setConversation] = useState<Conversation | null>(null);

  const quickExit = () => {
    if (conversation) {
      // keepalive: the request outlives the page we are leaving.
      void api(`/api/v1/youth-chat/conversations/${conversation.conversationId}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${conversation.conversationToken}` },
        keepalive: true,
        anonymous: true,
      }).catch(() => undefined);
    }
    if (session?.authenticated) {
      // Someone logged in on this device: the next person must not find the session still open.
      void api('/bff/logout', { method: 'POST', keepalive: true }).catch(() => undefined);
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
        <Button variant="fill" concept="destructive" onClick={quickExit} testId="quick-exit">
          {t('quickExit')}
        </Button>
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
  const [municipalities, setMunicipalities] = useState<Municipality[]>([]);
  const [municipality, setMunicipality] = useState('');
  const [units, setUnits] = useState<ChatUnit[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    api<Municipality[]>('/api/v1/municipalities', { anonymous: true }).then(setMunicipalities, () => setMunicipalities([]));
  }, []);
  useEffect(() => {
    if (!municipality) return;
    setUnits(null);
    api<ChatUnit[]>(`/api/v1/youth-chat/units?municipality=${municipality}`, { anonymous: true }).then(setUnits, () => setUnits([]));
  }, [municipality]);

  const start = async (unitId: string, unitName: string) => {
    setProblem(null);
    try {
      onStarted({ ...(await api<Conversation>('/api/v1/youth-chat/conversations', { method: 'POST', body: { unitId }, anonymous: true })), unitName });
    } catch (e) {
      setProblem(problemText(t, e));
    }
  };

  return (
    <section aria-labelledby="start-title">
      <Title id="start-title" htmlMarkup="h2" appearance="title3">
        {t('chatStartTitle')}
      </Title>
      <p>{t('chatStartLead')}</p>
      <Select selectId="chat-municipality" label={t('municipality')} value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
        <option value="">{t('chooseMunicipality')}</option>
        {municipalities.map((m) => (
          <option key={m.kommunenummer} value={m.kommunenummer}>
            {m.name}
          </option>
        ))}
      </Select>
      {problem && (
        <NotificationPanel variant="error" role="alert">
          {problem}
        </NotificationPanel>
      )}
      {municipality && !units && <Loader ariaLabel={t('loading')} />}
      {units && units.length === 0 && <p>{t('noChatUnits')}</p>}
      <ul className="cards">
        {units?.map((u) => (
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

function ChatWindow({ conversation }: { conversation: Conversation }) {
  const { t } = useI18n();
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
    await api(`/api/v1/youth-chat/conversations/${conversation.conversationId}/messages`, {
      method: 'POST',
      body: { text: message },
      headers: { ...authRef.current, 'Idempotency-Key': crypto.randomUUID() },
      anonymous: true,
    });
  };

  return (
    <section aria-labelledby="chat-title" className="chat">
      <Title id="chat-title" htmlMarkup="h2" appearance="title3">
        {conversation.unitName ? t('chatWith', { name: conversation.unitName }) : t('chatTitle')}
      </Title>
      <p role="status" data-testid="chat-status">
        {ended ? t('chatEnded') : joined ? t('nurseJoined') : position !== null ? t('queuePosition', { position }) : t('waitingForNurse')}
      </p>
      <ChatLog events={events} me="youth" testId="chat-messages" />
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
        const handedOver = await api<{ threadId: string; subjectId: string }>(`/api/v1/youth-chat/conversations/${conversation.conversationId}/hand-over`, {
          method: 'POST',
          body: { conversationToken: conversation.conversationToken, consentToCopyTranscript: copy, message },
        });
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
