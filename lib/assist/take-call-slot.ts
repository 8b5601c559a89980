import { getPgPool } from '@/lib/db';
import { callLeaseMs, callWindowMs, slotWaitMs, type CallLimits } from '@/lib/generation/acquire-call-slot';

/**
 * A call slot of the connection for one interactive request: model_call_acquire (the limits every
 * app instance and the generation runners share), asked again after the wait it says until
 * `maxWaitMs` has passed. Answers the lease id, or null when the connection stayed full.
 */
export async function takeCallSlot(options: { limits: CallLimits; maxWaitMs: number; windowMs?: number }): Promise<string | null> {
  const { limits } = options;
  const deadline = Date.now() + options.maxWaitMs;
  for (let refusals = 0; ; refusals++) {
    const { rows } = await getPgPool().query<{ lease_id: string | null; wait_ms: number }>(
      'SELECT lease_id, wait_ms FROM model_call_acquire($1::uuid, $2::int, $3::int, $4::int, $5::int)',
      [limits.connectionId, limits.maxConcurrency, limits.requestsPerMinute, callWindowMs(options.windowMs), callLeaseMs(limits)],
    );
    const row = rows[0];
    if (row?.lease_id) return row.lease_id;
    const wait = slotWaitMs(row?.wait_ms ?? 20, refusals);
    if (Date.now() + wait > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
