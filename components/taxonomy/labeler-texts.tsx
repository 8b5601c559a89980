'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { LocalizedTexts } from '@/lib/taxonomy/localize-project-texts';

const SkipReasonTexts = createContext<LocalizedTexts['skipReasons']>({});

/** The lead's wording of the skip reasons in the labeler's locale (issue 31), for the skip dialog of every task kind. */
export function LabelerTextsProvider({ skipReasons, children }: { skipReasons: LocalizedTexts['skipReasons']; children: ReactNode }) {
  return <SkipReasonTexts.Provider value={skipReasons}>{children}</SkipReasonTexts.Provider>;
}

/** Skip reason → the lead's label and description in this locale; reasons not in it use the app's own text. */
export function useSkipReasonTexts(): LocalizedTexts['skipReasons'] {
  return useContext(SkipReasonTexts);
}
