import { createHmac } from 'node:crypto';

/**
 * A labeler's name in exports: "labeler-" + the first 12 hex digits of HMAC-SHA256 keyed by the
 * project id over the user id. Stable for a (project, user) across exports and instances; without
 * the user ids it cannot be reversed, and the same person gets unrelated names in two projects.
 */
export function labelerPseudonym(projectId: string, userId: string): string {
  return `labeler-${createHmac('sha256', projectId).update(userId).digest('hex').slice(0, 12)}`;
}
