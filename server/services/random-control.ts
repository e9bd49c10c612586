// Random control selection, as customs selectivity systems do it: a share of the consignments the
// rules leave green is picked for inspection at random. What they find is the only honest measure
// of what the rules miss (the summary report sets their hit rate beside the targeted alerts').
//
// The pick is a keyed hash (HMAC-SHA256 under CONTROL_SEED) of the declaration number and item, read
// as a number in [0, 1): the same consignment always draws the same number, so a re-assessment, a
// rescore or another worker picks exactly the same consignments (reproducible, and auditable after
// the fact by anyone holding the seed), while a trader who does not know the seed cannot tell which
// declarations will be picked. A consignment is picked when its draw is below CONTROL_SHARE.
import { createHmac } from 'node:crypto';

/** How random controls are picked. */
export interface ControlSelection {
  /** Share of green consignments picked, 0 to 1 (0.01: one in a hundred). */
  share: number;
  /** Key of the hash; the centre keeps it to itself. */
  seed: string;
}

/** The reason a control alert gives. */
export const randomControlReason = 'random control';

/** No random controls (the default of services built without a selection, as in most tests). */
export const noControls: Readonly<ControlSelection> = Object.freeze({ share: 0, seed: '' });

/** The draw of a consignment: uniform in [0, 1), the same for the same seed, declaration and item. */
export function controlDraw(seed: string, declarationNo: string, itemNo: number): number {
  const digest = createHmac('sha256', seed).update(`${declarationNo}\u0000${itemNo}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Whether a green consignment is picked for a random control. */
export function pickedForControl(selection: Readonly<ControlSelection>, declarationNo: string | null, itemNo: number | null): boolean {
  if (selection.share <= 0 || declarationNo === null) return false;
  return controlDraw(selection.seed, declarationNo, itemNo ?? 1) < selection.share;
}
