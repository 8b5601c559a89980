import { z } from 'zod';

/** One message of a Chat Completions conversation. */
export const ZChatMessage = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
export type ChatMessage = z.infer<typeof ZChatMessage>;

/**
 * Sampling parameters sent with a request (the OpenAI Chat Completions names, which vLLM, TGI,
 * llama.cpp's server, Ollama and LiteLLM read too). Only those set are sent: a server that rejects
 * one it does not know answers 400, and the client reports the server's own message.
 */
export const ZSamplingParams = z
  .object({
    temperature: z.number().min(0).max(2),
    top_p: z.number().gt(0).max(1),
    max_tokens: z.number().int().positive().max(1_000_000),
    seed: z.number().int(),
    stop: z.array(z.string().min(1)).max(4),
    presence_penalty: z.number().min(-2).max(2),
    frequency_penalty: z.number().min(-2).max(2),
  })
  .partial()
  .strict();
export type SamplingParams = z.infer<typeof ZSamplingParams>;
