import { useTranslations } from 'next-intl';
import { SafeMarkdown } from '@/components/ui/safe-markdown';

const ROLE_STYLE: Record<string, { className: string }> = {
  system: { className: 'border-dashed border-slate-300 bg-slate-50 text-slate-700' },
  user: { className: 'border-indigo-200 bg-indigo-50/60' },
  assistant: { className: 'border-emerald-200 bg-emerald-50/50' },
};
const ROLES = new Set(['system', 'user', 'assistant'] as const);
const isRole = (role: string): role is 'system' | 'user' | 'assistant' => ROLES.has(role as 'user');

/** The prompt: a single user turn as plain prompt text, a conversation as turns with their roles. */
export function PromptView({ messages }: { messages: { role: string; content: string }[] }) {
  const t = useTranslations('Prompt');
  const only = messages.length === 1 ? messages[0] : undefined;
  if (only?.role === 'user') {
    return (
      <div className="rounded-md border border-indigo-200 bg-indigo-50/60 p-4">
        <SafeMarkdown text={only.content} />
      </div>
    );
  }
  return (
    <ol className="flex flex-col gap-3" aria-label={t('conversation')}>
      {messages.map((m, i) => {
        const style = ROLE_STYLE[m.role] ?? { className: 'border-slate-200' };
        const label = isRole(m.role) ? t(`role.${m.role}`) : m.role;
        return (
          <li
            key={i}
            className={`rounded-md border p-3 ${style.className} ${m.role === 'assistant' ? 'ms-6' : m.role === 'user' ? 'me-6' : ''}`}
          >
            <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</p>
            <SafeMarkdown text={m.content} />
          </li>
        );
      })}
    </ol>
  );
}
