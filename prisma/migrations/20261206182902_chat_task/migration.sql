-- CreateEnum
CREATE TYPE "ChatSampleStatus" AS ENUM ('STREAMING', 'DONE', 'ERROR', 'STOPPED', 'INTERRUPTED');

-- AlterEnum
ALTER TYPE "TaskKind" ADD VALUE 'CHAT';

-- CreateTable
CREATE TABLE "chat_conversations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "assignmentId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "promptSource" TEXT NOT NULL,
    "continuation" TEXT NOT NULL,
    "doNotUse" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "chat_conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_sides" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversationId" UUID NOT NULL,
    "connectionId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "chat_sides_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_turns" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversationId" UUID NOT NULL,
    "turn" INTEGER NOT NULL,
    "prompt" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_turns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_samples" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "turnId" UUID NOT NULL,
    "sideId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "userId" UUID NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "status" "ChatSampleStatus" NOT NULL DEFAULT 'STREAMING',
    "errorKind" TEXT,
    "errorDetail" TEXT,
    "modelReported" TEXT,
    "params" JSONB NOT NULL DEFAULT '{}',
    "finishReason" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "latencyMs" INTEGER,
    "firstTokenMs" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "chat_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_votes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "turnId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "winner" TEXT NOT NULL,
    "winnerPosition" INTEGER,
    "sampleIds" TEXT[],
    "ratings" JSONB NOT NULL DEFAULT '[]',
    "durationMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_votes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "chat_conversations_assignmentId_key" ON "chat_conversations"("assignmentId");

-- CreateIndex
CREATE INDEX "chat_conversations_projectId_createdAt_idx" ON "chat_conversations"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "chat_conversations_userId_createdAt_idx" ON "chat_conversations"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "chat_sides_conversationId_position_key" ON "chat_sides"("conversationId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "chat_turns_conversationId_turn_key" ON "chat_turns"("conversationId", "turn");

-- CreateIndex
CREATE INDEX "chat_samples_userId_startedAt_idx" ON "chat_samples"("userId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "chat_samples_turnId_sideId_attempt_key" ON "chat_samples"("turnId", "sideId", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "chat_votes_turnId_key" ON "chat_votes"("turnId");

-- CreateIndex
CREATE INDEX "chat_votes_conversationId_idx" ON "chat_votes"("conversationId");

-- AddForeignKey
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_conversations" ADD CONSTRAINT "chat_conversations_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_sides" ADD CONSTRAINT "chat_sides_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "chat_conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_sides" ADD CONSTRAINT "chat_sides_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "model_connections"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_turns" ADD CONSTRAINT "chat_turns_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "chat_conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_samples" ADD CONSTRAINT "chat_samples_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "chat_turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_samples" ADD CONSTRAINT "chat_samples_sideId_fkey" FOREIGN KEY ("sideId") REFERENCES "chat_sides"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_votes" ADD CONSTRAINT "chat_votes_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "chat_turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;
