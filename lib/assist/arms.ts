/*
 * The assisted / unassisted arms of randomized assistance (issue 25), balanced per labeler in
 * blocks of two as the detect trials are in blocks of four (lib/detect/cells.ts): the n-th
 * randomized assignment of a labeler in a project is in block floor(n / 2), and its arm is drawn at
 * random among the arms that block does not hold yet. So after any number of assignments a
 * labeler's two arms differ by at most one. Pure: the draw under the database lock is
 * draw-assistance-arm.ts.
 */

export const ARMS = ['ASSISTED', 'UNASSISTED'] as const;
export type Arm = (typeof ARMS)[number];

/** Arms per block: one of each. */
export const BLOCK_SIZE = ARMS.length;

/** What a draw needs of the arms a labeler holds: how many, and those of the current (unfinished) block. */
export type HeldArms = { count: number; currentBlock: readonly Arm[] };

/** HeldArms from the labeler's arms in the order they were drawn. */
export function heldArms(earlier: readonly Arm[]): HeldArms {
  return { count: earlier.length, currentBlock: earlier.slice(Math.floor(earlier.length / BLOCK_SIZE) * BLOCK_SIZE) };
}

/** The arm of the labeler's next randomized assignment and its block; `random` in [0, 1). */
export function drawArm(held: HeldArms, random: () => number): { arm: Arm; block: number } {
  const block = Math.floor(held.count / BLOCK_SIZE);
  const needed = ARMS.filter((arm) => !held.currentBlock.includes(arm));
  const index = Math.min(needed.length - 1, Math.floor(random() * needed.length));
  return { arm: needed[index]!, block };
}
