import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import type { ReactNode } from 'react';
import { I18nProvider } from '../../i18n';
import { createQueryClient } from '../../query';
import type { Appointment, Representation } from '../../api';
import { stubApi } from '../../test/stubApi';
import { Appointments } from './Appointments';

const hour = 3600_000;
const subject: Representation = { subjectId: 's1', name: 'Lucas', age: 5, relation: 'child', permissions: ['appointments.read', 'appointments.cancel'] };

function appointment(id: string, startsInHours: number, extra: Partial<Appointment> = {}): Appointment {
  const start = new Date(Date.now() + startsInHours * hour);
  return {
    appointmentId: id,
    start: start.toISOString(),
    end: new Date(start.getTime() + hour / 2).toISOString(),
    type: `Time ${id}`,
    unitId: 'u1',
    unitName: 'Fjordvik helsestasjon',
    practitionerRole: 'helsesykepleier',
    location: '',
    status: 'booked',
    cancellation: null,
    information: '',
    cancelDeadline: null,
    movedTo: null,
    isVideo: false,
    ...extra,
  };
}

function answer(list: Appointment[]) {
  return stubApi(() => list);
}

/** The page as the app mounts it: texts, a fresh query cache, a router. */
function Page({ children }: { children: ReactNode }) {
  return (
    <I18nProvider>
      <QueryClientProvider client={createQueryClient()}>
        <MemoryRouter>{children}</MemoryRouter>
      </QueryClientProvider>
    </I18nProvider>
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Given the appointment list', () => {
  it('When an appointment is past the municipality deadline Then it offers no cancel button and says to call', async () => {
    answer([
      appointment('a', 72, { cancelDeadline: new Date(Date.now() + 24 * hour).toISOString() }),
      appointment('b', 12, { cancelDeadline: new Date(Date.now() - 12 * hour).toISOString() }),
    ]);
    render(
      <Page>
        <Appointments subject={subject} />
      </Page>,
    );

    const open = (await screen.findByRole('heading', { name: 'Time a' })).closest('li')!;
    expect(within(open).getByRole('button', { name: /^Avbestill timen: / })).toBeTruthy();
    expect(within(open).getByText(/Kan avbestilles digitalt til/)).toBeTruthy();
    const late = screen.getByRole('heading', { name: 'Time b' }).closest('li')!;
    expect(within(late).queryByRole('button', { name: /^Avbestill timen: / })).toBeNull();
    expect(within(late).getByText(/Fristen for digital avbestilling er ute/)).toBeTruthy();
  });

  it('When the journal booked a video appointment Then its card says Videotime and shows no address to go to', async () => {
    answer([appointment('v', 48, { isVideo: true, location: 'Rom 3' }), appointment('w', 50, { location: 'Rom 3' })]);
    render(
      <Page>
        <Appointments subject={subject} />
      </Page>,
    );

    const video = (await screen.findByRole('heading', { name: 'Time v' })).closest('li')!;
    expect(within(video).getByText(/Videotime/)).toBeTruthy();
    expect(within(video).queryByText(/Rom 3/)).toBeNull();
    const visit = screen.getByRole('heading', { name: 'Time w' }).closest('li')!;
    expect(within(visit).queryByText(/Videotime/)).toBeNull();
    expect(within(visit).getByText(/Rom 3/)).toBeTruthy();
  });

  it('When a cancellation waits for the health station or was refused Then the card says so, with the reason', async () => {
    answer([
      appointment('c', 48, { cancellation: { state: 'requested', reason: null } }),
      appointment('d', 48, { cancellation: { state: 'refused', reason: 'Viktig time. Ring oss.' } }),
    ]);
    render(
      <Page>
        <Appointments subject={subject} />
      </Page>,
    );

    const waiting = (await screen.findByRole('heading', { name: 'Time c' })).closest('li')!;
    expect(within(waiting).getByText('Avbestilling sendt – venter på svar')).toBeTruthy();
    expect(within(waiting).queryByRole('button', { name: /^Avbestill timen: / })).toBeNull();
    const refused = screen.getByRole('heading', { name: 'Time d' }).closest('li')!;
    expect(within(refused).getByText('Avbestilling avslått')).toBeTruthy();
    expect(within(refused).getByText(/Viktig time. Ring oss./)).toBeTruthy();
  });

  it('When an appointment was moved to a new time Then its card says where it went, not only that it was cancelled', async () => {
    answer([appointment('m', 48, { status: 'cancelled', cancellation: { state: 'accepted', reason: null }, movedTo: new Date(Date.now() + 96 * hour).toISOString() })]);
    render(
      <Page>
        <Appointments subject={subject} />
      </Page>,
    );

    const moved = (await screen.findByRole('heading', { name: 'Time m' })).closest('li')!;
    expect(within(moved).getByRole('status').textContent).toMatch(/^Flyttet til \S+dag \d+\. \S+/);
  });

  it('When the cancel form is sent without a reason Then it says so in Norwegian and sends nothing', async () => {
    const api = answer([appointment('f', 72)]);
    render(
      <Page>
        <Appointments subject={subject} />
      </Page>,
    );

    const card = (await screen.findByRole('heading', { name: 'Time f' })).closest('li')!;
    within(card).getByRole('button', { name: /^Avbestill timen: / }).click();
    (await within(card).findByRole('button', { name: /^Bekreft avbestilling: / })).click();
    expect(await within(card).findByText('Skriv kort hvorfor du avbestiller.')).toBeTruthy();
    expect(api.calls.filter((call) => call.method === 'POST')).toHaveLength(0);
  });

  it('When the person may only see appointments Then no cancel button is offered', async () => {
    answer([appointment('e', 72)]);
    render(
      <Page>
        <Appointments subject={{ ...subject, permissions: ['appointments.read'] }} />
      </Page>,
    );

    const card = (await screen.findByRole('heading', { name: 'Time e' })).closest('li')!;
    expect(within(card).queryByRole('button', { name: /^Avbestill timen: / })).toBeNull();
  });

  it('When the list cannot be loaded Then it says so with a retry button, and the retry shows the list', async () => {
    let calls = 0;
    stubApi(() => (++calls <= 2 ? new Response('', { status: 503 }) : [appointment('g', 72)]));
    render(
      <Page>
        <Appointments subject={subject} />
      </Page>,
    );

    (await screen.findByRole('button', { name: 'Prøv igjen' }, { timeout: 5000 })).click();
    expect(await screen.findByRole('heading', { name: 'Time g' })).toBeTruthy();
  });
});
