/**
 * Abuse alarms and group breakdowns computed off the request path (issue 23): a view reads the
 * cache the stats refresh job keeps and says how fresh it is. The freshness shown must be true:
 * never computed → "computing" (and the job queued); after the job → current and equal to a
 * computation from scratch; after a change (a submit, an exclusion, a setting, a profile) → the old
 * figure marked behind with its old time, until the job has run again. `synchronousUpTo: 0` makes
 * these small projects take the path of a big one; the last test shows the small-project rule.
 */
import { describe, expect, it } from 'vitest';
import { computeAbuseAlarms, type AbuseFigures } from '@/lib/dashboard/compute-abuse-alarms';
import { computeGroupBreakdown, loadGroupInputs } from '@/lib/dashboard/compute-group-breakdown';
import { findAbuseAlarms, type AbuseAlarms } from '@/lib/dashboard/find-abuse-alarms';
import { findGroupBreakdown, type GroupBreakdown } from '@/lib/dashboard/find-group-breakdown';
import { setMemberExcluded } from '@/lib/dashboard/set-member-excluded';
import { MIN_AGE_FACTOR, recomputeDue, SLOW_FIGURE_MS } from '@/lib/dashboard/figure-cache';
import { refreshCachedFigures } from '@/lib/dashboard/refresh-cached-figures';
import { getPgPool } from '@/lib/db';
import { buildUser, insertItems } from '@/lib/builders';
import { findLabelerAttributes } from '@/lib/pool/find-labeler-attributes';
import { getPoolSettings, updatePoolSettings } from '@/lib/pool/pool-settings';
import { saveMyProfile } from '@/lib/pool/save-my-profile';
import { seededRandom } from '@/lib/stats';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { insertPoolProject, shuffler, type PoolSimJudgment } from '../helpers/pool-fixture';
import { drainJobs } from '../helpers/drain-jobs';

const BIG = { synchronousUpTo: 0 };
const figures = (alarms: AbuseAlarms | null): AbuseFigures | null => {
  if (!alarms) return null;
  const { members: _members, ...rest } = alarms;
  return rest;
};
const sansPrompts = (b: GroupBreakdown | null) =>
  b && { ...b, attributes: undefined, attribute: undefined, disagreements: b.disagreements.map(({ prompt: _p, ...d }) => d) };

/** Ten honest labelers, a colluding pair on the first 40 items, a speed clicker (2–4 s a ranking): seeded. */
async function plantedProject() {
  const random = seededRandom(5);
  const shuffle = shuffler(random);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const responses = [0, 1, 2, 3];
  const judgments: PoolSimJudgment[] = [];
  for (let item = 0; item < 120; item++) {
    const trueRank = shuffle(responses);
    const honest = shuffle(Array.from({ length: 10 }, (_, l) => l));
    const who = item < 40 ? [10, 11, honest[0]!] : [item % 2 ? 12 : honest[2]!, honest[0]!, honest[1]!];
    const shared = shuffle(responses);
    for (const labeler of who) {
      const scores = new Map(responses.map((r) => [r, trueRank[r]! + 1.3 * gaussian()]));
      const order = labeler === 10 || labeler === 11 ? shared : [...responses].sort((a, b) => scores.get(a)! - scores.get(b)!);
      const durationMs = labeler === 12 ? 2_000 + Math.floor(random() * 2_000) : 20_000 + Math.floor(random() * 40_000);
      judgments.push({
        item,
        labeler,
        shownOrder: shuffle(responses),
        ranking: order.map((r) => [r]),
        durationMs,
        seconds: judgments.length * 30,
      });
    }
  }
  const { project, users } = await insertPoolProject({ labelers: 13, items: 120, k: 4, judgments });
  await drainJobs({ projectId: project.id }); // the inserted judgments' stats are computed by the background recompute
  return { projectId: project.id, users };
}

describe('figures cached off the request path', () => {
  it(
    'abuse alarms: computing, then current and equal to scratch; a submit, an exclusion or a setting puts them behind until the job ran',
    { timeout: 120_000 },
    async () => {
      const { projectId, users } = await plantedProject();
      const lead = await buildUser({ role: 'LEAD', password: null });

      const first = await findAbuseAlarms({ projectId, ...BIG });
      expect(first).toEqual({ alarms: null, freshness: { asOf: null, behind: true } });
      // The view queued the job; running it computes the alarms.
      expect(await drainJobs()).toBeGreaterThan(0);
      const current = await findAbuseAlarms({ projectId, ...BIG });
      expect(current.freshness.behind).toBe(false);
      expect(current.freshness.asOf).toBeInstanceOf(Date);
      expect(figures(current.alarms)).toEqual(await computeAbuseAlarms({ projectId }));
      expect(current.alarms!.collusion.alarms.map((a) => [a.userA, a.userB].sort())).toEqual([[users[10]!, users[11]!].sort()]);
      expect(current.alarms!.speed.map((a) => a.userId)).toEqual([users[12]]);
      // Nothing changed: the next view is the same figure, not recomputed (same time).
      expect(await findAbuseAlarms({ projectId, ...BIG })).toEqual(current);
      expect(await drainJobs()).toBe(0);

      // A submit by the speed clicker: its stats deltas are pending, so the alarms are behind, with their old time.
      await insertItems({ projectId, count: 1, prompt: 'new', responses: [{ text: 'a' }, { text: 'b' }] });
      const task = (await claimNextTask({ projectId, userId: users[12]! }))!;
      await submitRanking({
        userId: users[12]!,
        projectId,
        input: {
          assignmentId: task.assignmentId,
          ranking: task.shownOrder.map((r) => [r]),
          allUnacceptable: false,
          ratings: [],
          promptFlags: [],
          durationMs: 1_000,
        },
      });
      const afterSubmit = await findAbuseAlarms({ projectId, ...BIG });
      expect(afterSubmit.freshness).toEqual({ asOf: current.freshness.asOf, behind: true });
      expect(figures(afterSubmit.alarms)).toEqual(figures(current.alarms));
      expect(await drainJobs()).toBeGreaterThan(0);
      const afterSubmitJob = await findAbuseAlarms({ projectId, ...BIG });
      expect(afterSubmitJob.freshness.behind).toBe(false);
      expect(afterSubmitJob.freshness.asOf!.getTime()).toBeGreaterThanOrEqual(current.freshness.asOf!.getTime());
      const scratch = await computeAbuseAlarms({ projectId });
      expect(figures(afterSubmitJob.alarms)).toEqual(scratch);
      // The new ranking is in: one more for the clicker.
      expect(scratch.speed[0]!.judgments).toBe(current.alarms!.speed[0]!.judgments + 1);

      // An exclusion: behind at once (the members shown are live), current after the job.
      await setMemberExcluded({ actorId: lead.id, projectId, userId: users[10]!, excluded: true });
      const excluded = await findAbuseAlarms({ projectId, ...BIG });
      expect(excluded.freshness).toEqual({ asOf: afterSubmitJob.freshness.asOf, behind: true });
      expect(excluded.alarms!.members[users[10]!]!.excluded).toBe(true);
      await drainJobs();
      const afterExclusion = await findAbuseAlarms({ projectId, ...BIG });
      expect(afterExclusion.freshness.behind).toBe(false);
      expect(figures(afterExclusion.alarms)).toEqual(await computeAbuseAlarms({ projectId }));

      // The speed floor: the clicker's 2–4 s rankings are not too fast under a 1 s floor.
      const settings = await getPoolSettings({ projectId });
      await updatePoolSettings({ actorId: lead.id, input: { projectId, ...settings, speedFloorSeconds: 1 } });
      const floor = await findAbuseAlarms({ projectId, ...BIG });
      expect(floor.freshness.behind).toBe(true);
      expect(floor.alarms!.speed).toHaveLength(1);
      await drainJobs();
      const afterFloor = await findAbuseAlarms({ projectId, ...BIG });
      expect(afterFloor.freshness.behind).toBe(false);
      expect(afterFloor.alarms!.speed).toEqual([]);
      expect(afterFloor.alarms!.speedFloorSeconds).toBe(1);
    },
  );

  it(
    'group breakdowns are kept per attribute asked for: a profile change puts only its attribute behind',
    { timeout: 120_000 },
    async () => {
      const { projectId, users } = await plantedProject();
      for (let l = 0; l < users.length; l++)
        await saveMyProfile({
          userId: users[l]!,
          input: { languages: [{ language: l < 6 ? 'german' : 'french', proficiency: 'NATIVE' }], region: l % 2 ? 'north' : 'south' },
        });
      const view = (attribute: string) => findGroupBreakdown({ projectId, attribute, ...BIG });
      const scratch = async (attribute: string) => {
        const [inputs, rows, settings] = await Promise.all([
          loadGroupInputs({ projectId }),
          findLabelerAttributes({ projectId }),
          getPoolSettings({ projectId }),
        ]);
        return computeGroupBreakdown({ inputs, attribute, rows, minGroupSize: settings.minGroupSize });
      };

      const first = await view('language');
      expect(first).toMatchObject({
        attributes: ['language', 'region'],
        attribute: 'language',
        breakdown: null,
        freshness: { asOf: null, behind: true },
      });
      await drainJobs();
      const language = await view('language');
      expect(language.freshness.behind).toBe(false);
      expect(sansPrompts(language.breakdown)).toEqual({ ...(await scratch('language')), attributes: undefined, attribute: undefined });
      expect(language.breakdown!.groups.map((g) => g.value).sort()).toEqual(['french', 'german']);
      // Another attribute is its own figure: computing until the job has run for it.
      expect((await view('region')).breakdown).toBeNull();
      await drainJobs();
      const region = await view('region');
      expect(region.freshness.behind).toBe(false);
      expect(sansPrompts(region.breakdown)).toEqual({ ...(await scratch('region')), attributes: undefined, attribute: undefined });

      // A German says they are French: the language figure is behind, the region figure still current.
      await saveMyProfile({ userId: users[0]!, input: { languages: [{ language: 'french', proficiency: 'NATIVE' }], region: 'south' } });
      expect((await view('language')).freshness).toEqual({ asOf: language.freshness.asOf, behind: true });
      expect(await view('region')).toEqual(region);
      await drainJobs();
      const moved = await view('language');
      expect(moved.freshness.behind).toBe(false);
      expect(sansPrompts(moved.breakdown)).toEqual({ ...(await scratch('language')), attributes: undefined, attribute: undefined });
      expect(moved.breakdown!.groups.find((g) => g.value === 'french')!.labelers).toBe(
        language.breakdown!.groups.find((g) => g.value === 'french')!.labelers + 1,
      );
    },
  );

  it(
    'a slow figure computed lately waits MIN_AGE_FACTOR × its time before the job recomputes it; then it is recomputed',
    { timeout: 120_000 },
    async () => {
      const { projectId } = await plantedProject();
      const lead = await buildUser({ role: 'LEAD', password: null });
      await findAbuseAlarms({ projectId, ...BIG });
      await drainJobs();
      const current = await findAbuseAlarms({ projectId, ...BIG });
      expect(current.freshness.behind).toBe(false);
      // As if it had taken 5 s (a big project's): due 100 s after it was computed.
      await getPgPool().query(`UPDATE dashboard_figure_cache SET "computeMs" = 5000 WHERE "projectId" = $1 AND widget = 'abuse'`, [
        projectId,
      ]);
      await setMemberExcluded({
        actorId: lead.id,
        projectId,
        userId: (await findAbuseAlarms({ projectId, ...BIG })).alarms!.speed[0]!.userId,
        excluded: true,
      });
      // The job recomputes the stats the exclusion changed, but leaves the slow figure for later.
      await drainJobs();
      const computedAt = current.freshness.asOf!.getTime();
      const soon = await refreshCachedFigures({ projectId, now: computedAt + 10_000 });
      expect(soon.refreshed).toEqual([]);
      expect(soon.deferredUntil!.getTime()).toBe(computedAt + MIN_AGE_FACTOR * 5000);
      expect((await findAbuseAlarms({ projectId, ...BIG })).freshness).toEqual({ asOf: current.freshness.asOf, behind: true });
      const due = await refreshCachedFigures({ projectId, now: computedAt + MIN_AGE_FACTOR * 5000 + 1 });
      expect(due.refreshed.map((f) => f.widget)).toEqual(['abuse']);
      expect(due.deferredUntil).toBeNull();
      expect((await findAbuseAlarms({ projectId, ...BIG })).freshness.behind).toBe(false);
    },
  );

  it('recomputeDue: only slow figures wait, and only until MIN_AGE_FACTOR × their time has passed', () => {
    const at = new Date('2026-12-06T12:00:00Z');
    expect(recomputeDue({ computedAt: at, computeMs: SLOW_FIGURE_MS - 1 }, at.getTime() + 1)).toBeNull();
    expect(recomputeDue({ computedAt: null, computeMs: null }, at.getTime())).toBeNull();
    expect(recomputeDue({ computedAt: at, computeMs: 2_000 }, at.getTime() + 39_999)).toEqual(new Date(at.getTime() + 40_000));
    expect(recomputeDue({ computedAt: at, computeMs: 2_000 }, at.getTime() + 40_000)).toBeNull();
  });

  it('a small project is computed in the view: current at once after a change', { timeout: 120_000 }, async () => {
    const { projectId, users } = await plantedProject();
    const lead = await buildUser({ role: 'LEAD', password: null });
    const before = await findAbuseAlarms({ projectId });
    expect(before.freshness.behind).toBe(false);
    await setMemberExcluded({ actorId: lead.id, projectId, userId: users[3]!, excluded: true });
    // The exclusion's stats recompute is queued: the alarms (from the judgments themselves) are computed now and say so.
    const after = await findAbuseAlarms({ projectId });
    expect(after.freshness.behind).toBe(true);
    expect(figures(after.alarms)).toEqual(await computeAbuseAlarms({ projectId }));
    await drainJobs();
    const settled = await findAbuseAlarms({ projectId });
    expect(settled.freshness.behind).toBe(false);
    expect(figures(settled.alarms)).toEqual(await computeAbuseAlarms({ projectId }));
  });
});
