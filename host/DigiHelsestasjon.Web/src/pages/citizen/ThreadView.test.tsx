import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { I18nProvider } from '../../i18n';
import { createQueryClient } from '../../query';
import type { Message, Representation, Thread, ThreadSummary } from '../../api';
import { stubApi } from '../../test/stubApi';
import { ThreadView } from './ThreadView';
import { threadsKey, threadsQuery, unreadIn } from './threadsQuery';

const subject: Representation = { subjectId: 's1', name: 'Lucas', age: 5, relation: 'child', permissions: ['messages.read', 'messages.send'] };

function message(id: string, direction: Message['direction'], deliveryState: Message['deliveryState']): Message {
  return {
    messageId: id,
    direction,
    authorName: direction === 'to-unit' ? 'Mor' : 'Helsesykepleier',
    authorRelation: null,
    body: `Melding ${id}`,
    sentAt: new Date().toISOString(),
    deliveryState,
    journaledAt: null,
    failure: null,
    attachments: [],
  };
}

function thread(messages: Message[]): Thread {
  const now = new Date().toISOString();
  return { threadId: 't1', unitId: 'u1', unitName: 'Fjordvik helsestasjon', topic: null, subject: 'Spørsmål om søvn', startedBy: 'Mor', createdAt: now, lastMessageAt: now, messages };
}

function summary(unreadCount: number): ThreadSummary {
  const now = new Date().toISOString();
  return { threadId: 't1', unitId: 'u1', unitName: 'Fjordvik helsestasjon', topic: null, subject: 'Spørsmål om søvn', startedBy: 'Mor', createdAt: now, lastMessageAt: now, messageCount: 2, unreadCount, lastDeliveryState: 'sent' };
}

/** The API as the page meets it: the thread (a reply still on its way to the journal) and the list; counts each read. */
function api(list: ThreadSummary[]) {
  const reads = { thread: 0, list: 0 };
  stubApi(({ path }) => {
    const isList = path.endsWith('/threads');
    if (isList) reads.list++;
    else reads.thread++;
    return isList ? list : thread([message('m1', 'from-unit', 'journaled'), message('m2', 'to-unit', 'sent')]);
  });
  return reads;
}

/** The messages tab's unread marker: it observes the list, as the tab does. */
function TabMarker() {
  const list = useQuery(threadsQuery('s1'));
  return <span>{list.data ? `${unreadIn(list.data)} uleste` : ''}</span>;
}

function open(listBefore: ThreadSummary[]) {
  const queries = createQueryClient();
  queries.setQueryData(threadsKey('s1'), listBefore);
  render(
    <I18nProvider>
      <QueryClientProvider client={queries}>
        <MemoryRouter>
          <TabMarker />
          <ThreadView subject={subject} threadId="t1" base="/innbygger/s1/meldinger" />
        </MemoryRouter>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Given a thread whose reply travels to the journal', () => {
  it('When nothing in it was unread Then following the reply every 2 s never reads the list again (each read is logged)', async () => {
    const reads = api([summary(0)]);
    open([summary(0)]);

    await screen.findByRole('heading', { name: 'Spørsmål om søvn' });
    await waitFor(() => expect(reads.thread).toBeGreaterThanOrEqual(2), { timeout: 4000 });
    expect(reads.list).toBe(0);
  });

  it('When it had an unread answer Then the list is read once, and the marker goes', async () => {
    const reads = api([summary(0)]);
    open([summary(1)]);

    expect(await screen.findByText('0 uleste')).toBeTruthy();
    await waitFor(() => expect(reads.thread).toBeGreaterThanOrEqual(2), { timeout: 4000 });
    expect(reads.list).toBe(1);
  });
});
