-- Issue 23: responses_itemId_externalId_key (itemId first) serves look-ups by itemId; the index on itemId alone
-- only cost every inserted response its upkeep.

-- DropIndex
DROP INDEX "responses_itemId_idx";
