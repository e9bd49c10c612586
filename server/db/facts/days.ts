// Calendar days as ISO `YYYY-MM-DD` strings, and the few sums done with them. A page of facts
// asks about the same few dates thousands of times, so conversions are remembered.
const dayMs = 86_400_000;
/** Past this many remembered days the memory starts again. */
const maxRemembered = 100_000;

const numbers = new Map<string, number>();
const texts = new Map<number, string>();

/** Days since 1970-01-01 of an ISO day. */
function dayNumber(day: string): number {
  let number = numbers.get(day);
  if (number === undefined) {
    number = Math.round(Date.parse(day) / dayMs);
    if (numbers.size >= maxRemembered) numbers.clear();
    numbers.set(day, number);
  }
  return number;
}

function isoDay(number: number): string {
  let text = texts.get(number);
  if (text === undefined) {
    text = new Date(number * dayMs).toISOString().slice(0, 10);
    if (texts.size >= maxRemembered) texts.clear();
    texts.set(number, text);
  }
  return text;
}

/** The day `days` days before `day`. */
export const daysBefore = (day: string, days: number): string => isoDay(dayNumber(day) - days);

/** The day `days` days after `day`. */
export const daysAfter = (day: string, days: number): string => isoDay(dayNumber(day) + days);

/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/**
 * Index of the last of these ascending ISO days on or before `day` (strictly before, with
 * `strictly`); -1 when there is none.
 */
export function lastDayOnOrBefore(days: readonly string[], day: string, strictly = false): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (strictly ? days[middle]! < day : days[middle]! <= day) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
