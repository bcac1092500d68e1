/**
 * CronJob schedules. Parsing errors use the words of the parser the apiserver validates with
 * (github.com/robfig/cron/v3 ParseStandard, called by validateScheduleFormat in
 * pkg/apis/batch/validation); the times a schedule fires are computed by croner (five-field cron
 * and the @hourly-style descriptors) and, for `@every D`, as robfig's ConstantDelaySchedule does.
 */
import { Cron } from 'croner';

export interface Schedule {
  /** The first time strictly after `ms` (ms since the Unix epoch) at which the schedule fires. */
  next(ms: number): number;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [{ min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, { min: 1, max: 12, names: MONTHS }, { min: 0, max: 6, names: DAYS }];

/** strconv.Atoi's error text. */
function atoi(s: string): number | string {
  if (!/^[+-]?\d+$/.test(s)) return `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  return Number(s);
}

function mustParseInt(s: string): number | string {
  const n = atoi(s);
  if (typeof n === 'string') return `failed to parse int from ${s}: ${n}`;
  if (n < 0) return `negative number (${n}) not allowed: ${s}`;
  return n;
}

function intOrName(s: string, names?: Record<string, number>): number | string {
  const named = names?.[s.toLowerCase()];
  return named !== undefined ? named : mustParseInt(s);
}

/** getRange of robfig/cron v3: one comma-separated element of a field. */
function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
  } else {
    const s = intOrName(lowAndHigh[0]!, r.names);
    if (typeof s === 'string') return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = intOrName(lowAndHigh[1]!, r.names);
      if (typeof e === 'string') return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]!);
    if (typeof s === 'string') return s;
    step = s;
    if (lowAndHigh.length === 1) end = r.max;
  } else if (rangeAndStep.length > 2) return `too many slashes: ${expr}`;
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration, in ms; a string is Go's error text. */
function parseGoDuration(s: string): number | string {
  const bad = `time: invalid duration ${JSON.stringify(s)}`;
  if (s === '0') return 0;
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? `time: missing unit in duration ${JSON.stringify(s)}` : bad;
  let total = 0;
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * UNITS[part[2]!]!;
  return m[1] === '-' ? -total : total;
}

/**
 * Parse a schedule as ParseStandard does; returns the schedule or robfig's error text (the detail
 * of the apiserver's `spec.schedule: Invalid value: "…": <text>`).
 */
export function parseSchedule(spec: string, timeZone?: string): Schedule | string {
  if (!spec.trim()) return 'empty spec string';
  const text = spec.trim();
  if (text.startsWith('@')) {
    if (text.startsWith('@every ')) {
      const d = parseGoDuration(text.slice('@every '.length));
      if (typeof d === 'string') return `failed to parse duration ${text}: ${d}`;
      // ConstantDelaySchedule: at least a second, rounded down to whole seconds; Next(t) = t (whole second) + delay.
      const delay = Math.max(1000, Math.floor(d / 1000) * 1000);
      return { next: (ms) => Math.floor(ms / 1000) * 1000 + delay };
    }
    const five = DESCRIPTORS[text];
    if (!five) return `unrecognized descriptor: ${text}`;
    return cronSchedule(five, timeZone);
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i]!.split(',')) {
      const err = rangeError(expr, FIELDS[i]!);
      if (err) return err;
    }
  }
  return cronSchedule(fields.join(' '), timeZone);
}

function cronSchedule(pattern: string, timeZone?: string): Schedule {
  // `?` means `*` for robfig; croner reads it as "now", so replace it. A spec.timeZone reads the
  // fields in that zone (the controller's schedule.Next(t.In(location))), daylight saving included.
  const zone = timeZone ? { timezone: timeZone } : { utcOffset: 0 };
  const cron = new Cron(pattern.replace(/\?/g, '*'), { ...zone, paused: true, mode: '5-part' });
  return {
    next: (ms) => {
      const d = cron.nextRun(new Date(ms));
      return d ? d.getTime() : Number.POSITIVE_INFINITY;
    },
  };
}

/** validTimeZoneCharacters (pkg/apis/batch/validation): one part of a zone name. */
const ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * validateTimeZone (pkg/apis/batch/validation/validation.go): the detail of
 * `spec.timeZone: Invalid value: "…": <detail>`, or undefined for a zone time.LoadLocation knows.
 * The zone database is the one Node.js carries (Intl), where the apiserver reads the Go one; both
 * are the IANA database.
 */
export function timeZoneProblem(zone: string): string | undefined {
  if (zone.length === 0) return 'timeZone must be nil or non-empty string';
  for (const part of zone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !ZONE_PART.test(part)) return `unknown time zone ${zone}`;
  }
  if (zone.toLowerCase() === 'local') return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return `unknown time zone ${zone}`;
  }
  return undefined;
}

/** Go's time.RFC3339 of a Unix time in a zone (`2026-01-01T09:00:00+01:00`; `Z` for UTC). */
export function rfc3339In(unixMs: number, timeZone?: string): string {
  const whole = Math.floor(unixMs / 1000) * 1000;
  if (!timeZone || timeZone === 'UTC') return new Date(whole).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(whole))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((local - whole) / 60_000);
  if (offset === 0) return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}
