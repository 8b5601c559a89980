/** Milliseconds as h:mm:ss (whole seconds). */
export function formatActive(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const formatPay = (amount: number | null, currency: string | null) =>
  amount === null ? '—' : `${amount.toFixed(2)} ${currency ?? ''}`.trim();

export const KIND_LABEL: Record<string, string> = {
  RANK: 'Rank',
  DEMONSTRATE: 'Demonstrate',
  PERTURB: 'Perturb',
  DETECT: 'Detect',
  STEPS: 'Steps',
  CHAT: 'Chat',
};
