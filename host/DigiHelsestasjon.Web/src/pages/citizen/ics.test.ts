import { describe, expect, it } from 'vitest';
import type { Appointment } from '../../api';
import { appointmentIcs } from './ics';

const appointment = {
  appointmentId: 'a1',
  start: '2026-11-25T09:00:00Z',
  end: '2026-11-25T09:45:00Z',
  type: 'Konsultasjon 4 år',
  unitName: 'Helsestasjonen Fjordvik',
  location: 'Storgata 1, Fjordvik',
} as Appointment;

describe('Given one appointment', () => {
  it('When it is made a calendar file Then it has the time, its length, the place escaped and CRLF lines', () => {
    const ics = appointmentIcs(appointment, new Date('2026-11-01T00:00:00Z'), { where: 'Helsestasjonen Fjordvik, Storgata 1', description: 'Oppmøte på stedet' });
    expect(ics).toContain('DTSTART:20261125T090000Z\r\n');
    expect(ics).toContain('DTEND:20261125T094500Z\r\n');
    expect(ics).toContain('LOCATION:Helsestasjonen Fjordvik\\, Storgata 1\r\n');
    expect(ics).toContain('SUMMARY:Konsultasjon 4 år\r\n');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  });

  it('When a line is long Then it is folded at 75 octets', () => {
    const ics = appointmentIcs(appointment, new Date(), { where: 'x', description: 'æ'.repeat(100) });
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });
});
