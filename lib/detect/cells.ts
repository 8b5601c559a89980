import type { DetectArm, DetectVariant } from '@/generated/prisma/enums';

/**
 * The four cells of a detect trial (variant × arm), numbered as the database's CHECK says:
 * 0 original/unassisted, 1 flawed/unassisted, 2 original/assisted, 3 flawed/assisted. A
 * perturbation's balance slot s is cell s % 4.
 */
export const CELLS = [0, 1, 2, 3] as const;
export type Cell = (typeof CELLS)[number];

export function cellVariant(cell: number): DetectVariant {
  return cell % 2 === 1 ? 'FLAWED' : 'ORIGINAL';
}

export function cellArm(cell: number): DetectArm {
  return cell >= 2 ? 'ASSISTED' : 'UNASSISTED';
}

export function cellOf(variant: DetectVariant, arm: DetectArm): Cell {
  return ((variant === 'FLAWED' ? 1 : 0) + (arm === 'ASSISTED' ? 2 : 0)) as Cell;
}
