import { formatTime } from './format';
import { useI18n } from './i18n';
import type { ChatEvent } from './api';

/** A chat's messages as one side sees them: its own on the right as "you", the other side's on the left. */
export function ChatLog({ events, me }: { events: ChatEvent[]; me: 'youth' | 'nurse' }) {
  const { t, language } = useI18n();
  const other = me === 'youth' ? t('nurse') : t('youth');
  return (
    <ol className="messages" aria-live="polite" aria-label={t('chatMessages')}>
      {events
        .filter((e) => e.kind === 'message')
        .map((e) => (
          <li key={e.seq} className={`message message-${e.from === me ? 'to-unit' : 'from-unit'}`}>
            <p className="meta">
              {e.from === me ? t('you') : other} · {formatTime(e.at, language)}
            </p>
            <p className="body">{e.text}</p>
          </li>
        ))}
    </ol>
  );
}
