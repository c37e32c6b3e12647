import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { I18nProvider } from '../../i18n';
import { createQueryClient } from '../../query';
import { json, stubApi } from '../../test/stubApi';
import { PreparedAnswersPage } from './PreparedAnswersPage';

const units = [
  { unitId: 'u1', name: 'Skolehelsetjenesten Fjordvik ungdomsskole' },
  { unitId: 'u2', name: 'Helsestasjon for ungdom Fjordvik' },
];

/** A small server in memory: the nurse's units and their answers, changed by POST and DELETE as the API does. */
function server() {
  let answers = [{ id: 'a1', unitId: 'u2', title: 'Åpningstider', text: 'Vi har åpent hverdager 12-16.' }];
  const posted: unknown[] = [];
  stubApi(async ({ request, path, method }) => {
    if (path.endsWith('/units')) return units;
    if (method === 'POST') {
      const body = await request.json();
      posted.push(body);
      answers = [...answers, { id: 'a2', ...body }];
      return json(answers[answers.length - 1], 201);
    }
    if (method === 'DELETE') {
      answers = answers.filter((a) => !path.endsWith(a.id));
      return new Response(null, { status: 204 });
    }
    return answers;
  });
  return { posted };
}

function renderPage() {
  render(
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>
          <PreparedAnswersPage />
        </MemoryRouter>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Given a nurse at two units', () => {
  it('When she adds an answer for one of them Then it is sent for that unit and listed with the unit named', async () => {
    const { posted } = server();
    renderPage();
    expect(await screen.findByText('Åpningstider')).toBeTruthy();
    expect(screen.getByText('Helsestasjon for ungdom Fjordvik', { selector: 'p' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Enhet'), { target: { value: 'u1' } });
    fireEvent.change(screen.getByLabelText(/^Tittel/), { target: { value: 'Velkommen' } });
    fireEvent.change(screen.getByLabelText('Svaret'), { target: { value: 'Hei, du snakker med helsesykepleieren.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Legg til svaret' }));

    expect(await screen.findByText('«Velkommen» er lagt til.')).toBeTruthy();
    expect(posted).toEqual([{ unitId: 'u1', title: 'Velkommen', text: 'Hei, du snakker med helsesykepleieren.' }]);
    expect(await screen.findByRole('heading', { name: 'Velkommen' })).toBeTruthy();
  });

  it('When she removes an answer Then she is asked first and it is gone after', async () => {
    server();
    // The design system's dialog watches its own scrolling; jsdom has no IntersectionObserver.
    vi.stubGlobal('IntersectionObserver', class { observe() {} unobserve() {} disconnect() {} takeRecords() { return []; } });
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Fjern det ferdige svaret «Åpningstider»' }));
    expect(await screen.findByText('«Åpningstider» blir borte for alle på enheten.')).toBeTruthy();
    expect(screen.getByText('Åpningstider')).toBeTruthy();

    fireEvent.click(screen.getAllByRole('button', { name: 'Fjern' }).at(-1)!);
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Åpningstider' })).toBeNull());
    expect(screen.getByText('Enheten har ingen ferdige svar ennå.')).toBeTruthy();
  });
});
