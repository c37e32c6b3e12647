import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime } from './format';

describe('Given a time in UTC', () => {
  // 2026-06-02 is a Tuesday; 08:30 UTC is 10:30 in Oslo (summer time). A fixed instant, not today's date.
  const iso = '2026-06-02T08:30:00Z';

  it('When shown in bokmål Then it is the Norwegian weekday, date and Oslo time', () => {
    expect(formatDateTime(iso, 'nb')).toBe('tirsdag 2. juni 2026 kl. 10:30');
    expect(formatTime(iso, 'nb')).toBe('10:30');
  });

  it('When shown in nynorsk Then the weekday is nynorsk, never English', () => {
    expect(formatDateTime(iso, 'nn')).toBe('tysdag 2. juni 2026 kl. 10:30');
  });
});
