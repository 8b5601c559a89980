-- DropIndex
DROP INDEX "items_projectId_rankSlotsTaken_priority_createdAt_idx";

-- CreateIndex
CREATE INDEX "items_projectId_isGold_rankSlotsTaken_priority_createdAt_idx" ON "items"("projectId", "isGold", "rankSlotsTaken" DESC, "priority" DESC, "createdAt");

-- CreateIndex
CREATE INDEX "responses_authorId_idx" ON "responses"("authorId");
