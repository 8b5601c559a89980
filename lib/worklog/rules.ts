/** The task kinds as the database names them (enum TaskKind). */
export const WORK_KINDS = ['RANK', 'DEMONSTRATE', 'PERTURB', 'DETECT', 'STEPS', 'CHAT'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

const MINUTE = 60_000;

/**
 * The most active time one task of a kind can count (issue 30): a task left open longer was not
 * worked on all that time. Reading tasks (rank, steps, detect) get 20 minutes, writing tasks
 * (demonstrate, perturb) 45, a chat conversation (several turns) 60.
 */
export const KIND_CAP_MS: Record<WorkKind, number> = {
  RANK: 20 * MINUTE,
  DETECT: 20 * MINUTE,
  STEPS: 20 * MINUTE,
  DEMONSTRATE: 45 * MINUTE,
  PERTURB: 45 * MINUTE,
  CHAT: 60 * MINUTE,
};

/** Tasks whose idle gap (time between one task's end and the next one's active start) is shorter belong to one session. */
export const SESSION_GAP_MS = 30 * MINUTE;

/** Faster than this many words per minute of recorded time is faster than anyone reads: 2 × a fast reader's 400 wpm. */
export const FAST_WORDS_PER_MINUTE = 800;

/** Slower than this many times the project's 95th percentile recorded time for the kind is flagged slow. */
export const SLOW_FACTOR = 2;

/** The slow flag needs at least this many tasks of the kind in the project and range: fewer give no percentile worth comparing to. */
export const SLOW_MIN_TASKS = 20;

/** The settings key of each kind's per-task rate (lib/projects/pay-settings.ts). */
export const PAY_KEY: Record<WorkKind, 'rank' | 'demonstrate' | 'perturb' | 'detect' | 'steps' | 'chat'> = {
  RANK: 'rank',
  DEMONSTRATE: 'demonstrate',
  PERTURB: 'perturb',
  DETECT: 'detect',
  STEPS: 'steps',
  CHAT: 'chat',
};
