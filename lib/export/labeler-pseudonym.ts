// Moved down to lib/security so the chat task (lib/chat, below lib/export) names judges the same way.
export { labelerPseudonym } from '@/lib/security/labeler-pseudonym';
