import { useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { download } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { problemKeys } from '../../problems';
import { Loaded, ProblemMessage } from '../../query';
import { Link, useLocation } from 'react-router';
import type { Representation, Thread, ThreadSummary } from '../../api';
import { deliveryKeys } from './deliveryKeys';
import { sendMessage, threadQuery, travelling } from './threadCalls';
import { threadsKey } from './threadsQuery';

/** How often a message on its way to the journal is looked at again: its state changes within seconds. */
const followRhythm = 2_000;

export function ThreadView({ subject, threadId, base }: { subject: Representation; threadId: string; base: string }) {
  const query = useQuery({ ...threadQuery(subject.subjectId, threadId), refetchInterval: (q) => (travelling(q.state.data) ? followRhythm : false) });
  useListMarkedRead(subject.subjectId, threadId, query.data);
  return <Loaded query={query}>{(thread) => <ThreadPage subject={subject} thread={thread} base={base} onSent={() => void query.refetch()} />}</Loaded>;
}

/** Reading a thread marks it read, so the list and the tab's marker are read again - but only when that changes them:
 * on the first load if the list showed something unread here (or is not known yet), and when a new answer came in
 * while the page was open. Every list read is an access in the person's log, so the 2-second follow of a message on
 * its way to the journal must not read it. */
function useListMarkedRead(subjectId: string, threadId: string, thread: Thread | undefined) {
  const queries = useQueryClient();
  const answersSeen = useRef<number | null>(null);
  useEffect(() => {
    if (!thread) return;
    const answers = thread.messages.filter((m) => m.direction === 'from-unit').length;
    const listed = queries.getQueryData<ThreadSummary[]>(threadsKey(subjectId))?.find((s) => s.threadId === threadId);
    const changed = answersSeen.current === null ? listed === undefined || listed.unreadCount > 0 : answers > answersSeen.current;
    answersSeen.current = answers;
    if (changed) void queries.invalidateQueries({ queryKey: threadsKey(subjectId), exact: true });
  }, [queries, subjectId, threadId, thread]);
}

function ThreadPage({ subject, thread, base, onSent }: { subject: Representation; thread: Thread; base: string; onSent: () => void }) {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const [problem, setProblem] = useState<unknown>(null);
  const [reply, setReply] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const fileField = useRef<HTMLInputElement>(null);
  // A new thread whose file did not follow its text (NewThread): said here, where the person can attach it again.
  const attachmentProblem = (useLocation().state as { attachmentProblem?: string } | null)?.attachmentProblem;
  const [sent, setSent] = useState(false);

  const send = async () => {
    setBusy(true);
    setProblem(null);
    try {
      // A file may go alone: the journal needs readable text, so the message says which file it carries.
      const body = reply.trim() === '' && file ? t('fileOnlyBody', { file: file.name }) : reply;
      await sendMessage(subject.subjectId, thread.threadId, body, file, crypto.randomUUID());
      setReply('');
      setFile(null);
      // The browser keeps the chosen file in the field until it is emptied by hand.
      if (fileField.current) fileField.current.value = '';
      setSent(true);
      onSent();
      // The list shows the newest message and its state: read once again after a send, not while it travels.
      void queries.invalidateQueries({ queryKey: threadsKey(subject.subjectId), exact: true });
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="thread-title">
      <p className="breadcrumb">
        <Link to={base}>{t('allMessages')}</Link>
      </p>
      <Title id="thread-title" htmlMarkup="h2" appearance="title2">
        {thread.subject}
      </Title>
      <p>{thread.unitName}</p>
      {attachmentProblem && (
        <NotificationPanel variant="warn" role="alert">
          {t('attachmentNotSent', { why: attachmentProblem in problemKeys ? t(problemKeys[attachmentProblem as keyof typeof problemKeys]) : t('loadFailed') })}
        </NotificationPanel>
      )}
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
              <p className="state">
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
          <Textarea
            textareaId="reply"
            label={t('reply')}
            value={reply}
            onChange={(e) => {
              setSent(false);
              setReply(e.target.value);
            }}
            minRows={3}
          />
          <label className="file-label" htmlFor="attachment">
            {t('attachFile')}
          </label>
          <input
            id="attachment"
            ref={fileField}
            type="file"
            accept=".pdf,.jpg,.jpeg,.png"
            onChange={(e) => {
              setSent(false);
              setFile(e.target.files?.[0] ?? null);
            }}
          />
          {problem !== null && <ProblemMessage error={problem} />}
          <div role="status" className="live-region">
            {sent && <p>{t('messageSent')}</p>}
          </div>
          <div className="actions">
            <Button type="submit" disabled={busy || (reply.trim() === '' && !file)}>
              {t('send')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
