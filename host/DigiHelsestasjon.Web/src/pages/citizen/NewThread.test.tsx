import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { I18nProvider } from '../../i18n';
import { createQueryClient } from '../../query';
import type { Representation } from '../../api';
import { NewThread } from './NewThread';
import { json, stubApi } from '../../test/stubApi';

const subject: Representation = { subjectId: 's1', name: 'Lucas', age: 5, relation: 'child', permissions: ['messages.read', 'messages.send'] };

type Sent = { method: string; path: string; form: Record<string, string> | null; json: unknown };

/** The API as the page meets it: where to write, and the start of a thread; every write is kept as it was sent. */
function api() {
  const sent: Sent[] = [];
  stubApi(async ({ request, path, method }) => {
    if (method === 'POST') {
      const isForm = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');
      // Which file is not told here: jsdom's File loses its name on the way through Node's Request (the module test checks it).
      const form: Record<string, string> | null = isForm ? {} : null;
      if (form) {
        for (const [name, value] of (await request.formData()).entries()) form[name] = typeof value === 'string' ? value : 'a file';
      }
      sent.push({ method, path, form, json: isForm ? null : await request.json() });
      const now = new Date().toISOString();
      return json({ threadId: 't1', unitId: 'u1', unitName: 'Fjordvik helsestasjon', topic: 'health', subject: 'Utslett', startedBy: 'parent', createdAt: now, lastMessageAt: now, messages: [] }, 201);
    }
    if (path.endsWith('/me/capabilities')) return { login: 'idporten-high', areas: [], subjects: [], parentSeesOfMe: null };
    if (path.endsWith('/municipalities')) return [{ kommunenummer: '9901', name: 'Fjordvik' }];
    return [{ unitId: 'u1', name: 'Fjordvik helsestasjon', type: 'health-station', kommunenummer: '9901' }];
  });
  return sent;
}

function open() {
  render(
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <NewThread subject={subject} base="/innbygger/s1/meldinger" />
        </MemoryRouter>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

async function write(subjectLine: string, text: string, file: File) {
  await screen.findByRole('option', { name: 'Fjordvik helsestasjon' });
  fireEvent.change(screen.getByLabelText('Emne'), { target: { value: subjectLine } });
  fireEvent.change(screen.getByLabelText('Melding'), { target: { value: text } });
  fireEvent.change(screen.getByLabelText('Legg ved fil (PDF, JPG eller PNG)'), { target: { files: [file] } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Given a parent writing a new message with a file', () => {
  it('When it is sent Then one request starts the thread with the text and the file together, and the file field is cleared', async () => {
    const sent = api();
    open();

    await write('Utslett', 'Se bildet', new File(['png'], 'utslett.png', { type: 'image/png' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].path).toBe('/api/v1/subjects/s1/threads/with-attachments');
    expect(sent[0].form).toEqual({ unitId: 'u1', subject: 'Utslett', body: 'Se bildet', file: 'a file' });
    await waitFor(() => expect((screen.getByLabelText('Legg ved fil (PDF, JPG eller PNG)') as HTMLInputElement).value).toBe(''));
  });

  it('When only the file is there Then it is sent alone, with a line naming it, as one message', async () => {
    const sent = api();
    open();

    await write('Skjema', '', new File(['%PDF-'], 'skjema.pdf', { type: 'application/pdf' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].form).toMatchObject({ body: 'Vedlegg: skjema.pdf', file: 'a file' });
  });
});
