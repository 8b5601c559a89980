/**
 * The built-in prompts of the AI judge (issue 25). The judge template is versioned per project
 * (judge_templates; version 0 is DEFAULT_JUDGE_TEMPLATE); the discriminator's and the critique
 * check's prompts are fixed, named by their own version so a later change is visible in the data.
 */
export const DEFAULT_JUDGE_TEMPLATE = `You are labeling answers to a conversation, as a careful human labeler would.

Conversation:
{conversation}

The answers, each under a letter:
{responses}

Flags an answer may get (give the key):
{flags}

Reply with JSON only, in exactly this shape:
{"ranking": [["A"], ["B", "C"]], "ratings": {"A": {"likert": 6, "flags": []}, "B": {"likert": 3, "flags": ["some_key"]}}, "reason": "one or two sentences"}
- ranking: every letter ({letters}) exactly once, best first; letters in one inner list are equally good.
- ratings: one entry per letter; likert is the overall quality from 1 (very poor) to 7 (excellent), a whole number; flags are keys from the list above that apply, or [].
- reason: why, briefly.`;

export const DISCRIMINATE_PROMPT_VERSION = 1;
export const DISCRIMINATE_PROMPT = `Two answers to the same conversation follow. They are nearly identical, but one of them contains a planted flaw (an error a careful reader should notice). Which one is flawed?

Conversation:
{conversation}

Answer A:
{a}

Answer B:
{b}

Reply with JSON only: {"flawed": "A" or "B", "reason": "one sentence"}`;

export const CRITIQUE_CHECK_PROMPT_VERSION = 1;
export const CRITIQUE_CHECK_PROMPT = `An answer contains a known flaw. Does the critique below point to that flaw (name it, quote it, or describe the same problem)? A critique that only finds other problems does not.

Answer:
{answer}

The known flaw: {flaw}
The flawed passage: "{span}"

Critique:
{critique}

Reply with JSON only: {"points_to_flaw": true or false, "reason": "one sentence"}`;
