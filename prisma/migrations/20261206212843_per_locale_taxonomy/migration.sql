-- AlterTable
ALTER TABLE "demonstrations" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "detect_trials" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "judgments" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "perturbations" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "step_judgments" ADD COLUMN     "locale" TEXT;

-- CreateTable
CREATE TABLE "project_translations" (
    "projectId" UUID NOT NULL,
    "locale" TEXT NOT NULL,
    "responseFlags" JSONB NOT NULL DEFAULT '{}',
    "promptFlags" JSONB NOT NULL DEFAULT '{}',
    "skipReasons" JSONB NOT NULL DEFAULT '{}',
    "guidelines" TEXT NOT NULL DEFAULT '',
    "updatedById" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_translations_pkey" PRIMARY KEY ("projectId","locale")
);

-- AddForeignKey
ALTER TABLE "project_translations" ADD CONSTRAINT "project_translations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
