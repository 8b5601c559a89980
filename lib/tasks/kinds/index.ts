import type { TaskKind } from '@/generated/prisma/enums';
import type { AnyTaskKind } from '@/lib/tasks/kind';
import { CHAT } from '@/lib/tasks/kinds/chat';
import { DEMONSTRATE } from '@/lib/tasks/kinds/demonstrate';
import { DETECT } from '@/lib/tasks/kinds/detect';
import { PERTURB } from '@/lib/tasks/kinds/perturb';
import { RANK } from '@/lib/tasks/kinds/rank';
import { STEPS } from '@/lib/tasks/kinds/steps';

/** Every task kind the engine serves, by its TaskKind (a new kind: its module here, and its screen). */
export const TASK_KINDS: Record<TaskKind, AnyTaskKind> = { RANK, DEMONSTRATE, PERTURB, DETECT, STEPS, CHAT };
