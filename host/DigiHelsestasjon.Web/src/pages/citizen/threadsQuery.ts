import { queryOptions } from '@tanstack/react-query';
import { data, getApiV1SubjectsBySubjectIdThreads, type ThreadSummary } from '../../api';

export const threadsKey = (subjectId: string) => ['subjects', subjectId, 'threads'];

/** A person's threads with what is unread for this reader: the list, and the marker on the messages tab. */
export const threadsQuery = (subjectId: string) =>
  queryOptions({
    queryKey: threadsKey(subjectId),
    queryFn: () => data<ThreadSummary[]>(getApiV1SubjectsBySubjectIdThreads({ path: { subjectId } })),
  });

export const unreadIn = (threads: ThreadSummary[] | undefined) => (threads ?? []).reduce((sum, thread) => sum + thread.unreadCount, 0);
