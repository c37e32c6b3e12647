// Norwegian dates and times, always in Europe/Oslo whatever the browser's own zone.
//
// Browsers do not all carry nynorsk data: Chromium answers 'nn-NO' in English. So nynorsk is written as bokmål with the
// nynorsk weekday names put in (the month names and "kl." are the same in both written forms).
const zone = 'Europe/Oslo';

const nynorskWeekdays: Record<string, string> = {
  mandag: 'måndag',
  tirsdag: 'tysdag',
  lørdag: 'laurdag',
  man: 'mån',
  tir: 'tys',
  lør: 'lau',
};

function format(options: Intl.DateTimeFormatOptions, iso: string, language: string): string {
  const parts = new Intl.DateTimeFormat('nb-NO', { timeZone: zone, ...options }).formatToParts(new Date(iso));
  return parts
    .map((part) => (language === 'nn' && part.type === 'weekday' ? (nynorskWeekdays[part.value.replace('.', '')] ?? part.value) : part.value))
    .join('');
}

export function formatDateTime(iso: string, language: string): string {
  return format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }, iso, language);
}

export function formatTime(iso: string, language: string): string {
  return format({ hour: '2-digit', minute: '2-digit' }, iso, language);
}

export function formatShortDateTime(iso: string, language: string): string {
  return format({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }, iso, language);
}

/** A day without a time ("14. mars 2024"); the date is the day in Oslo already. */
export function formatDate(isoDate: string, language: string): string {
  return format({ day: 'numeric', month: 'long', year: 'numeric' }, `${isoDate}T12:00:00Z`, language);
}

/** A day's heading for a list of times ("mandag 30. november"). */
export function formatDay(iso: string, language: string): string {
  return format({ weekday: 'long', day: 'numeric', month: 'long' }, iso, language);
}
