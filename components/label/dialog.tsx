'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog> element: showModal() gives the modal semantics, keeps
 * focus inside and closes on Esc; focus starts on the child marked `data-autofocus` (else the
 * first control) and returns to where it was when the dialog opened.
 *
 * Esc tells the owner at once, on the synchronous `cancel` event, not on `close`, which the
 * browser fires a task later: a key pressed in between (another dialog's shortcut) must find the
 * owner's state already closed. `close` reports only a close the owner has not heard of yet, so
 * a late `close` never shuts a dialog opened meanwhile.
 */
export function Dialog({
  open,
  onClose,
  title,
  children,
  wide = false,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
}) {
  const t = useTranslations('Dialog');
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const openRef = useRef(open);
  useLayoutEffect(() => {
    openRef.current = open;
  });
  const closedByBrowser = () => {
    if (!openRef.current) return;
    openRef.current = false;
    onClose();
  };
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby={titleId}
      onCancel={closedByBrowser}
      onClose={() => {
        closedByBrowser();
        const target = returnTo.current;
        returnTo.current = null;
        if (target?.isConnected) target.focus();
      }}
      className={`m-auto max-h-[85vh] w-[calc(100%-2rem)] overflow-y-auto rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 ${wide ? 'max-w-4xl' : 'max-w-lg'}`}
    >
      {open ? (
        <div className="flex flex-col gap-4 p-5">
          <div className="flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold">
              {title}
            </h2>
            <button
              type="button"
              onClick={onClose}
              className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
            >
              {t('close')} <span className="sr-only">{title}</span>
            </button>
          </div>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
