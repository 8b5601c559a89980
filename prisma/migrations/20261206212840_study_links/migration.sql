-- CreateEnum
CREATE TYPE "StudyParticipantStatus" AS ENUM ('ACTIVE', 'COMPLETED', 'SCREENED_OUT', 'RETURNED', 'TIMED_OUT');

-- CreateTable
CREATE TABLE "study_links" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "projectId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "pidParam" TEXT NOT NULL DEFAULT 'PROLIFIC_PID',
    "studyParam" TEXT DEFAULT 'STUDY_ID',
    "sessionParam" TEXT DEFAULT 'SESSION_ID',
    "quotaTasks" INTEGER,
    "quotaMinutes" INTEGER,
    "completionCode" TEXT NOT NULL,
    "completionUrl" TEXT,
    "screenOutCode" TEXT,
    "screeningGoldCount" INTEGER,
    "screeningMinAccuracy" DOUBLE PRECISION,
    "timeoutMinutes" INTEGER NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "study_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "study_participants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "linkId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "platformPid" TEXT NOT NULL,
    "studyId" TEXT,
    "sessionId" TEXT,
    "status" "StudyParticipantStatus" NOT NULL DEFAULT 'ACTIVE',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "tasksDone" INTEGER NOT NULL DEFAULT 0,
    "entryTicketHash" TEXT,
    "entryTicketExpiresAt" TIMESTAMP(3),

    CONSTRAINT "study_participants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "study_links_tokenHash_key" ON "study_links"("tokenHash");

-- CreateIndex
CREATE INDEX "study_links_projectId_idx" ON "study_links"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "study_participants_userId_key" ON "study_participants"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "study_participants_entryTicketHash_key" ON "study_participants"("entryTicketHash");

-- CreateIndex
CREATE INDEX "study_participants_linkId_status_idx" ON "study_participants"("linkId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "study_participants_linkId_platformPid_key" ON "study_participants"("linkId", "platformPid");

-- AddForeignKey
ALTER TABLE "study_links" ADD CONSTRAINT "study_links_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_participants" ADD CONSTRAINT "study_participants_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "study_links"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "study_participants" ADD CONSTRAINT "study_participants_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
