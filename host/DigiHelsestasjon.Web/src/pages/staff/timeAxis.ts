// A chart's time axis: every day (or ISO week) from the first to the last with figures, so a day without figures is a
// gap in its place instead of the bars closing up and hiding it.

const dayMs = 86_400_000;

function utcDay(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Every day "YYYY-MM-DD" from the earliest to the latest given (none given: none). */
export function dayAxis(days: string[]): string[] {
  if (days.length === 0) return [];
  const sorted = days.map((d) => d.slice(0, 10)).sort();
  const axis: string[] = [];
  for (let ms = utcDay(sorted[0]); ms <= utcDay(sorted[sorted.length - 1]); ms += dayMs) axis.push(isoDay(ms));
  return axis;
}

/** The Monday of an ISO week "YYYY-Www", as "YYYY-MM-DD". */
export function weekMonday(week: string): string {
  const [year, number] = [Number(week.slice(0, 4)), Number(week.split('-W')[1])];
  // 4 January is always in week 1.
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * dayMs;
  return isoDay(mondayOfWeek1 + (number - 1) * 7 * dayMs);
}

function isoWeek(ms: number): string {
  const date = new Date(ms);
  const thursday = ms + (3 - ((date.getUTCDay() + 6) % 7)) * dayMs;
  const year = new Date(thursday).getUTCFullYear();
  const number = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * dayMs));
  return `${year}-W${String(number).padStart(2, '0')}`;
}

/** Every ISO week "YYYY-Www" from the earliest to the latest given, across new year. */
export function weekAxis(weeks: string[]): string[] {
  if (weeks.length === 0) return [];
  const mondays = weeks.map(weekMonday).sort();
  const axis: string[] = [];
  for (let ms = utcDay(mondays[0]); ms <= utcDay(mondays[mondays.length - 1]); ms += 7 * dayMs) axis.push(isoWeek(ms));
  return axis;
}

/** "17.11." for a day "YYYY-MM-DD". */
export function shortDate(day: string): string {
  return `${Number(day.slice(8, 10))}.${Number(day.slice(5, 7))}.`;
}

/** The values on an axis: a figure where there is one, null (a gap) where there is none. */
export function onAxis<T>(axis: string[], rows: T[], key: (row: T) => string, value: (row: T) => number): (number | null)[] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return axis.map((point) => sums.get(point) ?? null);
}
