import { describe, expect, it } from 'vitest';
import { dayAxis, onAxis, shortDate, weekAxis, weekMonday } from './timeAxis';

describe('Given figures on some days only', () => {
  it('When drawn Then every day between is on the axis and the missing ones are gaps', () => {
    const axis = dayAxis(['2026-11-30', '2026-11-27']);
    expect(axis).toEqual(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30']);
    expect(onAxis(axis, [{ d: '2026-11-27', n: 2 }, { d: '2026-11-30', n: 1 }, { d: '2026-11-30', n: 3 }], (r) => r.d, (r) => r.n)).toEqual([2, null, null, 4]);
    expect(shortDate('2026-03-05')).toBe('5.3.');
  });

  it('When weeks span a new year Then the axis goes on through week 53 and week 1', () => {
    expect(weekAxis(['2027-W01', '2026-W52'])).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    expect(weekMonday('2026-W48')).toBe('2026-11-23');
    expect(weekMonday('2027-W01')).toBe('2027-01-04');
  });
});
