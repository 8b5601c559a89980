import Link from 'next/link';

/**
 * How a list names an item (issue 18): its prompt, truncated, as the link; the external id, when
 * the item has one, small beside it. Never an id prefix. Prompts are untrusted text, shown as text.
 */
export function ItemName({ href, prompt, externalId }: { href: string; prompt: string; externalId?: string | null }) {
  return (
    <span className="flex flex-col">
      <Link href={href} className="break-words text-indigo-700 hover:underline" data-testid="item-name">
        {prompt || '(no prompt)'}
      </Link>
      {externalId ? <span className="font-mono text-xs text-slate-500">{externalId}</span> : null}
    </span>
  );
}
