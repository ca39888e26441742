/**
 * The observation period as instants. The period is agreed as calendar dates in the workspace's time
 * zone, so it starts at local midnight of its first day and ends at local midnight after its last;
 * importers and rules judge records against these bounds. Zone rules come from the platform's time-zone
 * database through Intl.
 */

const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();

const zoneFormat = (timeZone: string): Intl.DateTimeFormat | null => {
  if (!zoneFormats.has(timeZone)) {
    try {
      zoneFormats.set(
        timeZone,
        new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      );
    } catch {
      zoneFormats.set(timeZone, null); // an unknown zone: judge by UTC rather than refuse to judge
    }
  }
  return zoneFormats.get(timeZone) ?? null;
};

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
const zoneOffset = (ms: number, timeZone: string): number => {
  const format = zoneFormat(timeZone);
  if (!format) return 0;
  const part = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second));
  return wall - Math.floor(ms / 1000) * 1000;
};

/** The instant a calendar date (YYYY-MM-DD) begins in the time zone. */
export const startOfDayIn = (date: string, timeZone: string): number => {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day);
  const guess = wall - zoneOffset(wall, timeZone);
  // Once more at the guess, in case a clock change falls between the guess and the answer.
  return wall - zoneOffset(guess, timeZone);
};

export interface PeriodInstants {
  /** Start, inclusive. */
  fromMs: number;
  /** End, exclusive: local midnight after the last day. */
  toMs: number;
  from: string;
  to: string;
}

const cache = new Map<string, PeriodInstants>();

export const observationPeriodInstants = (periodStart: string, periodEnd: string, timeZone: string): PeriodInstants => {
  const key = `${periodStart}|${periodEnd}|${timeZone}`;
  const cached = cache.get(key);
  if (cached) return cached;
  // The day after the last, on the calendar (24 h added to a zoned instant would be skewed by a clock change).
  const [y, m, d] = periodEnd.slice(0, 10).split('-').map(Number) as [number, number, number];
  const dayAfter = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  const fromMs = startOfDayIn(periodStart, timeZone);
  const toMs = startOfDayIn(dayAfter, timeZone);
  const instants = { fromMs, toMs, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
  cache.set(key, instants);
  return instants;
};
