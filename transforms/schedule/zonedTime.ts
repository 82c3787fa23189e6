// Wall-clock time in a named time zone (Europe/London by default) <-> instants,
// with the platform's Intl time-zone data: "07:00 on 15 January" in London is
// 07:00Z in winter and 06:00Z in summer.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the platform knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. */
export function wallClock(instant: Date, timeZone: string): { date: string; time: string; hour: number; minute: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour) % 24;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${String(hour).padStart(2, '0')}:${parts.minute}`,
    hour,
    minute: Number(parts.minute),
  };
}

function offsetMs(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  const w = wallClock(new Date(whole), timeZone);
  const [y, m, d] = w.date.split('-').map(Number) as [number, number, number];
  const seconds = new Date(whole).getUTCSeconds();
  return Date.UTC(y, m - 1, d, w.hour, w.minute, seconds) - whole;
}

/** The instant at which a zone's clocks show `date` `time` (for a time skipped by a clock change, the hour after). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const local = Date.UTC(y, m - 1, d, hh, mm);
  let guess = local - offsetMs(local, timeZone);
  const second = offsetMs(guess, timeZone);
  if (local - second !== guess) guess = local - second;
  return new Date(guess);
}

/** "Wed 15 Jan 2025 07:00" in the zone. */
export function formatWallClock(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${formatDay(w.date)} ${w.time}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Wed 15 Jan 2025" for '2025-01-15'. */
export function formatDay(iso: string, options: { year?: boolean; weekday?: boolean } = {}): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return [options.weekday === false ? '' : WEEKDAYS[dow], String(d), MONTHS[m - 1], options.year === false ? '' : String(y)]
    .filter((s) => s !== '')
    .join(' ');
}
