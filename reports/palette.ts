// The report colours: lanes and licence states as the issue fixes them, plus neutral inks.
import type { Lane, LicenceStanding, ReportFinding } from './report-model.ts';

export const laneColour: Readonly<Record<Lane, string>> = { red: '#c62828', yellow: '#f9a825', green: '#2e7d32' };

/** Text that stays readable on each lane's band: white on red and green, near-black on yellow. */
export const laneInk: Readonly<Record<Lane, string>> = { red: '#ffffff', yellow: '#212121', green: '#ffffff' };

export const licenceColour: Readonly<Record<LicenceStanding, string>> = {
  licensed: '#2e7d32',
  unlicensed: '#c62828',
  unregistered: '#6d4c41',
  revoked: '#000000',
};

export const severityColour: Readonly<Record<ReportFinding['severity'], string>> = {
  low: '#757575',
  medium: '#f9a825',
  high: '#c62828',
  critical: '#7f0000',
};

export const ink = {
  text: '#212121',
  muted: '#616161',
  rule: '#bdbdbd',
  headerFill: '#eeeeee',
  zebra: '#f7f7f7',
  notAssessed: '#757575',
  unidentified: '#757575',
  edge: '#455a64',
  seriesIn: '#1565c0',
  seriesOut: '#ef6c00',
} as const;

/** `hex` mixed with white: `amount` 0 keeps it, 1 is white. Fills behind dark text use it. */
export function tint(hex: string, amount: number): string {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16);
    return Math.round(value + (255 - value) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}
