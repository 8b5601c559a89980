-- AlterTable
ALTER TABLE "items" ADD COLUMN     "contentHash" TEXT;

-- CreateTable
CREATE TABLE "critiques" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "responseId" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "modelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "critiques_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "critiques_responseId_textHash_key" ON "critiques"("responseId", "textHash");

-- CreateIndex
CREATE INDEX "responses_externalId_idx" ON "responses"("externalId");

-- AddForeignKey
ALTER TABLE "critiques" ADD CONSTRAINT "critiques_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
