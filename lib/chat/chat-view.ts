import type { SampleStatus } from '@/lib/chat/chat-rules';
import type { TChatWinner } from '@/lib/chat/schemas';
import type { ChatMessage } from '@/lib/models/schemas';
import type { TFlagDefinition } from '@/lib/taxonomy/schemas';

export type ChatAnswerView = {
  label: string;
  /** Untrusted model output: render as plain text. */
  text: string;
  status: SampleStatus | 'NONE';
  attempt: number;
  /** The error in words (never the server's own message, which may name the model). */
  error: string | null;
};

/**
 * Everything the chat screen receives, and nothing more (issue 26): letters, texts and states.
 * Never a connection id, connection or model name, nor the model a server reported, before the
 * conversation is finished (and after only when the project reveals them, finishChat in lib/tasks/kinds/chat.ts).
 */
export type ChatTaskView = {
  assignmentId: string;
  labels: string[];
  /** A seed item's context shown above the conversation; [] for own prompts. */
  context: ChatMessage[];
  seedPrompt: string | null;
  turns: { turn: number; prompt: string; answers: ChatAnswerView[]; winner: TChatWinner | null }[];
  continuation: 'separate' | 'shared';
  maxPromptChars: number;
  maxTurns: number;
  doNotUse: boolean;
  flags: TFlagDefinition[];
  leaseExpiresAt: string;
};

/**
 * What the browser is sent about a side while it streams: letters' positions, text and states only.
 * Never a connection id, a model name or the model the server reported.
 */
export type ChatStreamEvent =
  | { type: 'start'; turn: number; sides: { side: number; attempt: number }[] }
  | { type: 'delta'; side: number; text: string }
  | { type: 'end'; side: number; status: SampleStatus; text: string; error: string | null };
