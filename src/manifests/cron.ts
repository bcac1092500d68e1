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
export function parseSchedule(spec: string): Schedule | string {
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
    return cronSchedule(five);
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    for (const expr of fields[i]!.split(',')) {
      const err = rangeError(expr, FIELDS[i]!);
      if (err) return err;
    }
  }
  return cronSchedule(fields.join(' '));
}

function cronSchedule(pattern: string): Schedule {
  // `?` means `*` for robfig; croner reads it as "now", so replace it.
  const cron = new Cron(pattern.replace(/\?/g, '*'), { utcOffset: 0, paused: true, mode: '5-part' });
  return {
    next: (ms) => {
      const d = cron.nextRun(new Date(ms));
      return d ? d.getTime() : Number.POSITIVE_INFINITY;
    },
  };
}
