'use client';

import { AcceptRejectForms, type ReviewAction } from '@/components/ui/review-forms';

/** A lead's review of one perturbation: accept, or reject with a reason the author sees. */
export function PerturbationReview({
  projectId,
  perturbationId,
  review,
}: {
  projectId: string;
  perturbationId: string;
  review: ReviewAction;
}) {
  return (
    <div className="flex flex-wrap items-start gap-4">
      <AcceptRejectForms fields={{ projectId, perturbationId }} review={review} />
    </div>
  );
}
