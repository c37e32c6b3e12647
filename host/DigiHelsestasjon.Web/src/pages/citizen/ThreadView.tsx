import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import Textarea from '@helsenorge/designsystem-react/components/Textarea';
import Title from '@helsenorge/designsystem-react/components/Title';
import { api, download } from '../../api';
import { formatShortDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { problemKeys, problemText } from '../../problems';
import { Link, useLocation } from 'react-router';
import type { Representation, Thread } from '../../api';
import { deliveryKeys } from './deliveryKeys';
import { threadsKey } from './threadsQuery';

export function ThreadView({ subject, threadId, base }: { subject: Representation; threadId: string; base: string }) {
  const { t, language } = useI18n();
  const [thread, setThread] = useState<Thread | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const fileField = useRef<HTMLInputElement>(null);
  // A new thread whose file did not follow its text (NewThread): said here, where the person can attach it again.
  const attachmentProblem = (useLocation().state as { attachmentProblem?: string } | null)?.attachmentProblem;
  const [sent, setSent] = useState(false);

  const queries = useQueryClient();
  const load = useCallback(async () => {
    try {
      setThread(await api<Thread>(`/api/v1/subjects/${subject.subjectId}/threads/${threadId}`));
      // Reading the thread marked it read: the markers on the list and the tab go.
      void queries.invalidateQueries({ queryKey: threadsKey(subject.subjectId) });
    } catch (e) {
      setError(problemText(t, e));
    }
  }, [subject.subjectId, threadId, t, queries]);
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
        // A file may go alone: the journal needs readable text, so the message says which file it carries.
        body: { body: reply.trim() === '' && file ? t('fileOnlyBody', { file: file.name }) : reply, attachmentIds },
        headers: { 'Idempotency-Key': crypto.randomUUID() },
      });
      setReply('');
      setFile(null);
      // The browser keeps the chosen file in the field until it is emptied by hand.
      if (fileField.current) fileField.current.value = '';
      setSent(true);
      await load();
    } catch (e) {
      setError(problemText(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (error) return <NotificationPanel variant="error" labelHtmlMarkup="h2" label={t('somethingFailed')}>{error}</NotificationPanel>;
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
