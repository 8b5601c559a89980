-- Hand-written (issue 23, claim): the claim's reads of a labeler's live assignment and of their
-- lapsed drafts (lib/tasks/claim.ts, CLAIM_STATE) filter on status ACTIVE or EXPIRED; through
-- (projectId, userId, status) the lapsed-draft read went over every assignment the labeler ever
-- had in the project. This index holds only the ACTIVE and EXPIRED ones (a few per labeler), so
-- both reads stay that size whatever the history. status is already indexed: no update that
-- could be HOT before stops being so. Prisma's schema cannot express a partial index.
CREATE INDEX "assignments_live_or_lapsed_idx" ON "assignments" ("projectId", "userId") WHERE "status" IN ('ACTIVE', 'EXPIRED');
