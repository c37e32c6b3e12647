// Norwegian dates and times, always in Europe/Oslo whatever the browser's own zone.
const zone = 'Europe/Oslo';

function locale(language: string) {
  return language === 'nn' ? 'nn-NO' : 'nb-NO';
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: zone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatShortDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), {
    timeZone: zone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}
