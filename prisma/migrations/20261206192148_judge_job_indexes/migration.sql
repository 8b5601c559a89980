-- CreateIndex
CREATE INDEX "judge_critique_checks_jobId_idx" ON "judge_critique_checks"("jobId");

-- CreateIndex
CREATE INDEX "judge_discriminations_jobId_idx" ON "judge_discriminations"("jobId");

-- CreateIndex
CREATE INDEX "judge_labels_jobId_itemId_idx" ON "judge_labels"("jobId", "itemId");
