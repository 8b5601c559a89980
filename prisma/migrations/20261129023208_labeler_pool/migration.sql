-- CreateEnum
CREATE TYPE "LanguageProficiency" AS ENUM ('WORKING', 'FLUENT', 'NATIVE');

-- CreateEnum
CREATE TYPE "ProfileFieldType" AS ENUM ('TEXT', 'SELECT');

-- AlterTable
ALTER TABLE "items" ADD COLUMN     "requiredExpertise" TEXT,
ADD COLUMN     "requiredLanguage" TEXT,
ADD COLUMN     "requiredProficiency" "LanguageProficiency";

-- CreateTable
CREATE TABLE "labeler_profiles" (
    "userId" UUID NOT NULL,
    "region" TEXT,
    "expertise" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "labeler_profiles_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "labeler_languages" (
    "userId" UUID NOT NULL,
    "language" TEXT NOT NULL,
    "proficiency" "LanguageProficiency" NOT NULL,

    CONSTRAINT "labeler_languages_pkey" PRIMARY KEY ("userId","language")
);

-- CreateTable
CREATE TABLE "project_profile_fields" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" "ProfileFieldType" NOT NULL DEFAULT 'TEXT',
    "options" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_profile_fields_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_profile_values" (
    "fieldId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_profile_values_pkey" PRIMARY KEY ("fieldId","userId")
);

-- CreateTable
CREATE TABLE "project_pool_settings" (
    "projectId" UUID NOT NULL,
    "requiredLanguage" TEXT,
    "requiredProficiency" "LanguageProficiency",
    "requiredExpertise" TEXT,
    "minGroupSize" INTEGER NOT NULL DEFAULT 5,
    "speedFloorSeconds" INTEGER NOT NULL DEFAULT 8,
    "exportGroupAttributes" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_pool_settings_pkey" PRIMARY KEY ("projectId")
);

-- CreateIndex
CREATE INDEX "labeler_languages_language_proficiency_idx" ON "labeler_languages"("language", "proficiency");

-- CreateIndex
CREATE UNIQUE INDEX "project_profile_fields_projectId_key_key" ON "project_profile_fields"("projectId", "key");

-- CreateIndex
CREATE INDEX "project_profile_values_userId_idx" ON "project_profile_values"("userId");

-- AddForeignKey
ALTER TABLE "labeler_profiles" ADD CONSTRAINT "labeler_profiles_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "labeler_languages" ADD CONSTRAINT "labeler_languages_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_profile_fields" ADD CONSTRAINT "project_profile_fields_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_profile_values" ADD CONSTRAINT "project_profile_values_fieldId_fkey" FOREIGN KEY ("fieldId") REFERENCES "project_profile_fields"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_profile_values" ADD CONSTRAINT "project_profile_values_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_pool_settings" ADD CONSTRAINT "project_pool_settings_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: values the app normalises, kept so by the database too.
ALTER TABLE "labeler_languages" ADD CONSTRAINT "labeler_languages_language_normal" CHECK ("language" = lower(btrim("language")) AND "language" <> '');
ALTER TABLE "project_profile_fields" ADD CONSTRAINT "project_profile_fields_key_normal" CHECK ("key" ~ '^[a-z][a-z0-9_]{0,39}$');
ALTER TABLE "project_pool_settings" ADD CONSTRAINT "project_pool_settings_ranges" CHECK ("minGroupSize" BETWEEN 2 AND 1000 AND "speedFloorSeconds" BETWEEN 0 AND 3600);
ALTER TABLE "items" ADD CONSTRAINT "items_required_normal" CHECK (("requiredLanguage" IS NULL OR "requiredLanguage" = lower(btrim("requiredLanguage"))) AND ("requiredExpertise" IS NULL OR "requiredExpertise" = lower(btrim("requiredExpertise"))));
