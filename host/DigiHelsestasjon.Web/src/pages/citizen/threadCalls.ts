import { queryOptions } from '@tanstack/react-query';
import {
  data,
  getApiV1SubjectsBySubjectIdThreadsByThreadId,
  idempotent,
  postApiV1SubjectsBySubjectIdThreadsByThreadIdAttachments,
  postApiV1SubjectsBySubjectIdThreads,
  postApiV1SubjectsBySubjectIdThreadsByThreadIdMessages,
  postApiV1SubjectsBySubjectIdThreadsWithAttachments,
  type Thread,
} from '../../api';

/** One thread with its messages. Not under threadsKey: marking the list stale must not read every open thread again. */
export const threadQuery = (subjectId: string, threadId: string) =>
  queryOptions({
    queryKey: ['subjects', subjectId, 'thread', threadId],
    queryFn: () => data<Thread>(getApiV1SubjectsBySubjectIdThreadsByThreadId({ path: { subjectId, threadId } })),
  });

/** A message still on its way to the journal: the page follows it until it is journaled or has failed. */
export const travelling = (thread: Thread | undefined) =>
  thread?.messages.some((m) => m.direction === 'to-unit' && (m.deliveryState === 'sent' || m.deliveryState === 'received')) ?? false;

/** The host reads the file from the form field "file" (the API document says only "a binary"). */
const fileForm = (file: unknown) => {
  const form = new FormData();
  form.append('file', file as File);
  return form;
};

/** A message in an existing thread, with its file uploaded first. The key makes a retry after a lost answer send
 * nothing twice; the file and the message get keys of their own derived from it. */
export async function sendMessage(subjectId: string, threadId: string, body: string, file: File | null, key: string) {
  const path = { subjectId, threadId };
  const attachmentIds: string[] = [];
  if (file) {
    const uploaded = await data<{ attachmentId: string }>(
      postApiV1SubjectsBySubjectIdThreadsByThreadIdAttachments({ path, body: file, bodySerializer: fileForm, headers: idempotent(`${key}-file`) }),
    );
    attachmentIds.push(uploaded.attachmentId);
  }
  await postApiV1SubjectsBySubjectIdThreadsByThreadIdMessages({ path, body: { body, attachmentIds }, headers: idempotent(`${key}-message`) });
}

export type ThreadStart = { unitId: string; subject: string; body: string; topic?: string };

/** A new thread. With a file, one request carries the text and the file, so the thread opens with one message holding
 * both; one key makes a retry after a lost answer start nothing twice. */
export async function startThread(subjectId: string, start: ThreadStart, file: File | null, key: string): Promise<Thread> {
  const path = { subjectId };
  if (!file) return data<Thread>(postApiV1SubjectsBySubjectIdThreads({ path, body: start, headers: idempotent(key) }));
  // The generated call sends the fields and the file as the form the host reads (the file in the field "file").
  return data<Thread>(postApiV1SubjectsBySubjectIdThreadsWithAttachments({ path, body: { ...start, file }, headers: idempotent(key) }));
}
