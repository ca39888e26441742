/** Formatting in the workspace's time zone, which is the one the auditor's period is agreed in. */

const timeFormats = new Map<string, Intl.DateTimeFormat>();

const timeFormat = (timeZone: string): Intl.DateTimeFormat => {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    timeFormats.set(timeZone, format);
  }
  return format;
};

/** "2026-01-05 09:12:00 GMT" for an ISO instant, in the given IANA zone. */
export const formatInstant = (iso: string, timeZone: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts: Record<string, string> = {};
  for (const part of timeFormat(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName ?? ''}`.trim();
};

/** The instant in UTC, for a title attribute. */
export const formatUtc = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
};

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "1 Jan 2026" for a calendar date (YYYY-MM-DD), which has no time zone. */
export const formatDay = (isoDate: string): string => {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dayFormat.format(date);
};

export const shortId = (id: string): string => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

export const shortHash = (hash: string): string => (hash.length > 16 ? `${hash.slice(0, 12)}…${hash.slice(-4)}` : hash);

export const formatCount = (n: number): string => n.toLocaleString('en-GB');

/** The zone this computer is set to, as a default for new workspaces. */
export const localTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

export const timeZones = (): string[] => {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const local = localTimeZone();
  const all = new Set(['UTC', ...zones]);
  all.add(local);
  return [...all].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
};
