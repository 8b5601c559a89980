import { useTranslations } from 'next-intl';
import { SafeMarkdown } from '@/components/ui/safe-markdown';

/** True when a response shows nothing: empty, or only whitespace (imported pairs may hold such replies, issue 19). */
export const isBlankResponse = (text: string) => text.trim() === '';

/**
 * A response's text as safe markdown, or, for an empty (or whitespace-only) reply, a visible
 * placeholder, so a labeler sees that the model answered nothing rather than a blank card.
 */
export function ResponseText({ text }: { text: string }) {
  const t = useTranslations('ResponseCard');
  if (isBlankResponse(text)) {
    return (
      <p className="text-sm text-slate-500 italic" data-empty-response>
        {text.length > 0 ? t('emptyButWhitespace') : t('empty')}
      </p>
    );
  }
  return <SafeMarkdown text={text} />;
}
