-- CreateIndex
CREATE INDEX "items_projectId_createdAt_id_idx" ON "items"("projectId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "responses_modelId_itemId_idx" ON "responses"("modelId", "itemId");
