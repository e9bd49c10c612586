// ISO dates as day numbers and back, for the simulator's timelines.

const dayMs = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / dayMs);
}

export function isoOf(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoOf(dayNumber(iso) + days);
}

/** Month of a day number, 1 to 12. */
export function monthOf(day: number): number {
  return new Date(day * dayMs).getUTCMonth() + 1;
}

export function yearOf(day: number): number {
  return new Date(day * dayMs).getUTCFullYear();
}
