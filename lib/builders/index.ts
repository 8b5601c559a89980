/**
 * Test-data builders: users, projects, items with responses, assignments, judgments and export
 * snapshots, written through the real database. Used by the integration tests, the e2e fixtures,
 * the benchmarks, the reliability suite and the demo seed; never by app/, components/ or the rest
 * of lib/ (eslint.config.mjs). One-row builders go through the app's own write functions where
 * one exists (createUser hashes the password, createProject audits); bulk ones write one
 * statement per table from unnest'ed arrays.
 *
 * buildSnapshot is not re-exported here: it loads lib/export, which Playwright's loader cannot
 * import (lib/app-version.ts imports package.json). Import it from './build-snapshot'.
 */
export { buildAssignment } from './build-assignment';
export { buildJudgment, type RankingByIndex } from './build-judgment';
export { buildProject, insertMemberships, insertProject, type BuiltProject } from './build-project';
export { BUILT_PASSWORD, buildUser, type BuiltUser } from './build-user';
export { buildItem, insertItems, type InsertedItem, type InsertedResponse } from './insert-items';
export { insertJudgments, type JudgmentRow } from './insert-judgments';
export { insertUsers, type InsertedUser } from './insert-users';
export { mintSessionCookie } from './mint-session-cookie';
export { nextNumber, runTag, uniqueName } from './names';
export { responsesOf, type ChatMessage, type Queryable, type ResponseSpec } from './types';
export { buildModelConnection } from './build-model-connection';
export { buildStepJudgment } from './build-step-judgment';
