import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { I18nProvider } from '../../i18n';
import { createQueryClient } from '../../query';
import type { Me } from '../../api';
import type { Capabilities, SubjectCapabilities } from './capabilities';
import { SubjectPicker } from './SubjectPicker';
import { stubApi } from '../../test/stubApi';

const me: Me = {
  personId: 'p0',
  name: 'Kari Nordmann',
  age: 38,
  representations: [
    { subjectId: 'p0', name: 'Kari Nordmann', age: 38, relation: 'self', permissions: ['messages.read', 'messages.send'] },
    { subjectId: 's1', name: 'Lucas', age: 5, relation: 'child', permissions: ['messages.read', 'messages.send'] },
    { subjectId: 's2', name: 'Emma', age: 9, relation: 'child', permissions: ['messages.read', 'messages.send'] },
  ],
} as Me;

const person = (subjectId: string, name: string, age: number, relation: SubjectCapabilities['relation']): SubjectCapabilities => ({
  subjectId,
  name,
  age,
  relation,
  areas: ['appointments', 'messages'],
  parentView: null,
  parentSeesYouthServiceContacts: null,
});

const capabilities: Capabilities = {
  login: 'idporten-high',
  areas: [],
  subjects: [person('p0', 'Kari Nordmann', 38, 'self'), person('s1', 'Lucas', 5, 'child'), person('s2', 'Emma', 9, 'child')],
  parentSeesOfMe: null,
};

/** The API as the chooser meets it: the counts for everyone at once; every path asked is kept. */
function api(counts: { subjectId: string; unread: number }[]) {
  const { calls } = stubApi(() => counts);
  return calls;
}

function open() {
  render(
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <SubjectPicker me={me} capabilities={capabilities} />
        </MemoryRouter>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Given a parent with unread answers for one child and for herself', () => {
  it('When she opens the person chooser Then each person with something unread shows how many, by name, from one call', async () => {
    const asked = api([
      { subjectId: 'p0', unread: 1 },
      { subjectId: 's1', unread: 2 },
      { subjectId: 's2', unread: 0 },
    ]);
    open();

    expect(await screen.findByRole('link', { name: /Lucas.*2 nye meldinger/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Deg selv.*1 ny melding/ })).toBeTruthy();
    expect(screen.getByText('2 nye')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Emma/ }).textContent).not.toMatch(/nye?\b/);
    expect(asked.map((c) => c.path)).toEqual(['/api/v1/messaging/unread-counts']);
  });
});
