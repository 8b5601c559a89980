/** The engine's registry of task kinds (lib/tasks/kinds/index.ts). */
import { describe, expect, it } from 'vitest';
import type { TaskKind } from '@/generated/prisma/enums';
import { readProjectSettings } from '@/lib/projects/settings';
import { TASK_KINDS } from '@/lib/tasks/kinds';

describe('the registry', () => {
  it('holds one module per task kind, under its own name, each with a claim, a submit and a view', () => {
    const kinds: TaskKind[] = ['RANK', 'DEMONSTRATE', 'PERTURB', 'DETECT', 'STEPS', 'CHAT'];
    expect(Object.keys(TASK_KINDS).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      const module = TASK_KINDS[kind];
      expect(module.kind).toBe(kind);
      expect(typeof module.claim.next).toBe('function');
      expect(typeof module.submit.lock).toBe('function');
      expect(typeof module.view).toBe('function');
    }
  });
});

describe('the task mix', () => {
  it("gives each kind its own weight from settings.taskMix, in the registry's order", () => {
    const settings = readProjectSettings({ taskMix: { rank: 1, demonstrate: 2, perturb: 3, detect: 4, steps: 5, chat: 6 } });
    expect(Object.values(TASK_KINDS).map((kind) => [kind.kind, kind.weight(settings)])).toEqual([
      ['RANK', 1],
      ['DEMONSTRATE', 2],
      ['PERTURB', 3],
      ['DETECT', 4],
      ['STEPS', 5],
      // Chat counts only while a battle's sides can be filled from the connections in play (none here).
      ['CHAT', 0],
    ]);
    const playing = readProjectSettings({
      taskMix: { chat: 5 },
      chat: {
        connections: [{ connectionId: '00000000-0000-4000-8000-000000000001' }, { connectionId: '00000000-0000-4000-8000-000000000002' }],
      },
    });
    expect(TASK_KINDS.CHAT.weight(playing)).toBe(5);
  });
});
