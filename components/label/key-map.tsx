'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { codeOfLatin } from '@/lib/i18n/shortcut-key';

type Part = { latin: string } | { named: 'backspace' | 'esc' | 'enter' } | { words: 'thenALetter' };
type Action =
  | 'focus'
  | 'score'
  | 'flags'
  | 'rankMode'
  | 'tie'
  | 'takeBack'
  | 'leave'
  | 'restTie'
  | 'unacceptable'
  | 'aspectSame'
  | 'aspectOwn'
  | 'collapse'
  | 'diff'
  | 'guidelines'
  | 'skip'
  | 'submit'
  | 'help';

/**
 * Every shortcut of the ranking screen, for the `?` dialog. A key is its US-layout character: the
 * screen matches it by event.code when the labeler's layout prints a non-Latin letter there
 * (lib/i18n/shortcut-key.ts), and the table shows what their layout prints where the browser says.
 */
export const KEY_MAP: { keys: Part[][]; action: Action }[] = [
  { keys: [[{ latin: 'a' }], [{ latin: 'i' }]], action: 'focus' },
  { keys: [[{ latin: '1' }], [{ latin: '7' }]], action: 'score' },
  { keys: [[{ latin: 'f' }]], action: 'flags' },
  { keys: [[{ latin: 'r' }]], action: 'rankMode' },
  { keys: [[{ latin: '=' }, { words: 'thenALetter' }]], action: 'tie' },
  { keys: [[{ named: 'backspace' }]], action: 'takeBack' },
  { keys: [[{ named: 'esc' }]], action: 'leave' },
  { keys: [[{ latin: 't' }]], action: 'restTie' },
  { keys: [[{ latin: 'u' }]], action: 'unacceptable' },
  { keys: [[{ latin: 'y' }]], action: 'aspectSame' },
  { keys: [[{ latin: 'o' }]], action: 'aspectOwn' },
  { keys: [[{ latin: 'C' }]], action: 'collapse' },
  { keys: [[{ latin: 'D' }]], action: 'diff' },
  { keys: [[{ latin: 'G' }]], action: 'guidelines' },
  { keys: [[{ latin: 's' }]], action: 'skip' },
  { keys: [[{ named: 'enter' }]], action: 'submit' },
  { keys: [[{ latin: '?' }]], action: 'help' },
];

/** What the labeler's keyboard prints on each physical key, where the browser can tell (Chromium's Keyboard API). */
type LayoutMap = Map<string, string>;
type KeyboardApi = { getLayoutMap: () => Promise<LayoutMap> };

function useLayoutMap(): LayoutMap | null {
  const [map, setMap] = useState<LayoutMap | null>(null);
  useEffect(() => {
    const keyboard = (navigator as Navigator & { keyboard?: KeyboardApi }).keyboard;
    if (!keyboard?.getLayoutMap) return;
    let live = true;
    keyboard
      .getLayoutMap()
      .then((m) => live && setMap(m))
      .catch(() => undefined); // not allowed here (a frame, an insecure origin): the Latin names stay
    return () => {
      live = false;
    };
  }, []);
  return map;
}

/**
 * The name a key has on the labeler's layout: "r" on a US layout, "ق (r)" on an Arabic one (the
 * Latin name stays beside it: the screen says "press r" in places). Shifted letters keep "Shift+".
 */
export function keyName(latin: string, layout: LayoutMap | null, shiftWord: string): string {
  const physical = codeOfLatin(latin);
  const printed = physical ? layout?.get(physical.code) : undefined;
  const own = printed && printed.toLowerCase() !== latin.toLowerCase() && /^[a-z]$/i.test(latin) ? printed : null;
  const base = /^[A-Z]$/.test(latin) ? `${shiftWord}+${latin}` : latin;
  return own ? `${own} (${base})` : base;
}

export function KeyMapTable() {
  const t = useTranslations('KeyMap');
  const layout = useLayoutMap();
  const render = (part: Part) => {
    if ('latin' in part) return keyName(part.latin, layout, t('shift'));
    if ('named' in part) return t(`named.${part.named}`);
    return t(`words.${part.words}`);
  };
  return (
    <table className="w-full text-start text-sm">
      <caption className="sr-only">{t('caption')}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-xs text-slate-500 uppercase">
          <th scope="col" className="py-1 pe-4 text-start font-semibold">
            {t('key')}
          </th>
          <th scope="col" className="py-1 text-start font-semibold">
            {t('does')}
          </th>
        </tr>
      </thead>
      <tbody>
        {KEY_MAP.map((k) => (
          <tr key={k.action} data-action={k.action} className="border-b border-slate-100">
            <td className="py-1.5 pe-4 whitespace-nowrap">
              <kbd dir="ltr" className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">
                {k.keys.map((combo) => combo.map(render).join(' ')).join(' … ')}
              </kbd>
            </td>
            <td className="py-1.5 text-slate-700">{t(`action.${k.action}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
