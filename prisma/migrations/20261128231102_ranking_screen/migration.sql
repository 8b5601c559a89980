-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "draft" JSONB,
ADD COLUMN     "draftSavedAt" TIMESTAMP(3),
ADD COLUMN     "skipNote" TEXT,
ADD COLUMN     "skipReason" TEXT;

-- AlterTable
ALTER TABLE "judgments" ADD COLUMN     "warnings" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "flag_taxonomies" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "responseFlags" JSONB NOT NULL,
    "promptFlags" JSONB NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flag_taxonomies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "flag_taxonomies_projectId_version_key" ON "flag_taxonomies"("projectId", "version");

-- AddForeignKey
ALTER TABLE "flag_taxonomies" ADD CONSTRAINT "flag_taxonomies_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flag_taxonomies" ADD CONSTRAINT "flag_taxonomies_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
