-- CreateTable
CREATE TABLE "step_gold" (
    "itemId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "steps" TEXT[],
    "labels" JSONB NOT NULL,
    "finalAnswer" "StepFinalAnswer" NOT NULL,
    "updatedById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "step_gold_pkey" PRIMARY KEY ("itemId")
);

-- CreateIndex
CREATE INDEX "step_gold_projectId_idx" ON "step_gold"("projectId");

-- AddForeignKey
ALTER TABLE "step_gold" ADD CONSTRAINT "step_gold_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;
