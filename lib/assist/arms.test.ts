import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/lib/stats/random';
import { drawArm, heldArms, type Arm } from '@/lib/assist/arms';

describe('drawArm (assistance arms balanced per labeler in blocks of two)', () => {
  it('keeps every labeler within one block of equal over 200 assignments shared by several labelers', () => {
    const random = seededRandom(25);
    const labelers = ['ana', 'ben', 'chen', 'dara', 'eli'];
    const held = new Map<string, Arm[]>(labelers.map((l) => [l, []]));
    for (let n = 0; n < 200; n++) {
      // Labelers arrive unevenly, as they do: some label far more than others.
      const who = labelers[Math.floor(random() ** 2 * labelers.length)]!;
      const earlier = held.get(who)!;
      const { arm, block } = drawArm(heldArms(earlier), random);
      expect(block).toBe(Math.floor(earlier.length / 2));
      earlier.push(arm);
      for (const arms of held.values()) {
        const assisted = arms.filter((a) => a === 'ASSISTED').length;
        expect(Math.abs(assisted - (arms.length - assisted))).toBeLessThanOrEqual(1);
      }
    }
    const counts = [...held.values()].map((a) => a.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    // Uneven arrivals: the balance above is not an artefact of equal turns.
    expect(Math.max(...counts) - Math.min(...counts)).toBeGreaterThan(10);
    // Both orders occur within blocks: the arm is drawn, not alternated.
    const firsts = [...held.values()].flatMap((arms) => arms.filter((_, i) => i % 2 === 0));
    expect(new Set(firsts).size).toBe(2);
  });

  it('gives the missing arm of a half-full block whatever the random number', () => {
    expect(drawArm(heldArms(['ASSISTED']), () => 0)).toEqual({ arm: 'UNASSISTED', block: 0 });
    expect(drawArm(heldArms(['ASSISTED']), () => 0.999)).toEqual({ arm: 'UNASSISTED', block: 0 });
    expect(drawArm(heldArms(['UNASSISTED', 'ASSISTED', 'UNASSISTED']), () => 0.5)).toEqual({ arm: 'ASSISTED', block: 1 });
    expect(drawArm(heldArms([]), () => 0)).toEqual({ arm: 'ASSISTED', block: 0 });
    expect(drawArm(heldArms([]), () => 0.9)).toEqual({ arm: 'UNASSISTED', block: 0 });
  });
});
