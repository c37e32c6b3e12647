import { queryOptions } from '@tanstack/react-query';
import { data, getApiV1MessagingUnreadCounts, getApiV1SubjectsBySubjectIdThreads, type ThreadSummary } from '../../api';

export const threadsKey = (subjectId: string) => ['subjects', subjectId, 'threads'];

/** A person's threads with what is unread for this reader: the list, and the marker on the messages tab. */
export const threadsQuery = (subjectId: string) =>
  queryOptions({
    queryKey: threadsKey(subjectId),
    queryFn: () => data<ThreadSummary[]>(getApiV1SubjectsBySubjectIdThreads({ path: { subjectId } })),
  });

export const unreadIn = (threads: ThreadSummary[] | undefined) => (threads ?? []).reduce((sum, thread) => sum + thread.unreadCount, 0);

/** What is unread for each person the login may act for, in one call: the person chooser shows it without reading each
 * person's thread list (every read of a child's list is an access in the child's log; this call is one per person). */
export const unreadCountsQuery = queryOptions({
  queryKey: ['messaging', 'unread-counts'],
  queryFn: async () => {
    const counts = await data<{ subjectId: string; unread: number }[]>(getApiV1MessagingUnreadCounts());
    return new Map(counts.map((c) => [c.subjectId, c.unread]));
  },
  staleTime: 60_000,
});
