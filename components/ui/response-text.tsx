import { SafeMarkdown } from '@/components/ui/safe-markdown';

/** True when a response shows nothing: empty, or only whitespace (imported pairs may hold such replies, issue 19). */
export const isBlankResponse = (text: string) => text.trim() === '';

/**
 * A response's text as safe markdown, or, for an empty (or whitespace-only) reply, a visible
 * placeholder, so a labeler sees that the model answered nothing rather than a blank card.
 */
export function ResponseText({ text }: { text: string }) {
  if (isBlankResponse(text)) {
    return (
      <p className="text-sm text-slate-500 italic" data-empty-response>
        (empty response: the model replied nothing{text.length > 0 ? ' but whitespace' : ''})
      </p>
    );
  }
  return <SafeMarkdown text={text} />;
}
