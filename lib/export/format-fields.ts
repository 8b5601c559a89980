import type { ExportFormat } from '@/lib/export/types';

/** What each format is for and what its rows hold: the dataset card's field list and the Export page's help. */
export const FORMAT_INFO: Record<ExportFormat, { title: string; summary: string; fields: [string, string][] }> = {
  pairs: {
    title: 'Pairs (TRL standard)',
    summary: 'One row per preference pair; prompt and replies as text a trainer concatenates (prompt + chosen).',
    fields: [
      [
        'prompt',
        'the conversation as text: with the hh template "\\n\\nHuman: …" turns ending in "\\n\\nAssistant:"; with no template the bare user prompt',
      ],
      ['chosen', 'the preferred response (after a space with the hh template)'],
      ['rejected', 'the other response, likewise'],
      [
        'margin',
        'only when a margin was asked for: a float, never missing, never negative unless signed margins were asked for (see Rules)',
      ],
      ['tie', 'on every row: true for a tied pair (written only with ties kept); filter tie rows out before training a preference'],
      [
        'weight',
        'a float: per-labeler rows 1/(pairs of the ranking) or 1/(pairs of the prompt); consensus rows 1 or 1/(pairs of the prompt)',
      ],
      ['item_id', 'the item id (the imported id when there is one)'],
      ['chosen_id, rejected_id', 'the response ids'],
      ['labeler', 'labeler pseudonym, "adjudication" for a lead ranking, null in consensus mode'],
      ['split', 'train or validation, by a hash of the split key'],
      ['votes', '{chosen, rejected, tie}: the votes behind the row'],
    ],
  },
  'pairs-chat': {
    title: 'Pairs (TRL conversational)',
    summary: 'One row per preference pair; the prompt as a list of messages.',
    fields: [
      ['prompt', 'the conversation: [{role, content}]'],
      ['chosen', '[{role: "assistant", content}] with the preferred response'],
      ['rejected', '[{role: "assistant", content}] with the other response'],
      ['margin, tie, weight, item_id, chosen_id, rejected_id, labeler, split, votes', 'as in pairs'],
    ],
  },
  hh: {
    title: 'Anthropic HH-RLHF',
    summary: 'Two transcripts per pair, "\\n\\nHuman: " and "\\n\\nAssistant: " turns. Never ties.',
    fields: [
      ['chosen', 'the transcript ending with the preferred response (a system message opens the first human turn)'],
      ['rejected', 'the transcript ending with the other response'],
      ['margin, weight, item_id, chosen_id, rejected_id, labeler, split, votes', 'as in pairs'],
    ],
  },
  'openai-dpo': {
    title: 'OpenAI DPO',
    summary:
      'OpenAI preference fine-tuning rows, with no other keys: consensus pairs only (no labeler field to tell contradicting per-labeler rows apart). Never ties.',
    fields: [
      ['input', '{messages: [{role, content}]}'],
      ['preferred_output', '[{role: "assistant", content}]'],
      ['non_preferred_output', '[{role: "assistant", content}]'],
    ],
  },
  'axolotl-dpo': {
    title: 'Axolotl DPO (chat_template.default)',
    summary: 'Axolotl’s chat-template DPO rows: the conversation and one assistant message per side. Never ties.',
    fields: [
      ['messages', 'the conversation: [{role, content}]'],
      ['chosen', '{role: "assistant", content}: the preferred response'],
      ['rejected', '{role: "assistant", content}: the other response'],
      ['margin, weight, item_id, chosen_id, rejected_id, labeler, split, votes', 'as in pairs'],
    ],
  },
  openrlhf: {
    title: 'OpenRLHF reward/DPO',
    summary:
      'OpenRLHF’s default keys (chosen_key "chosen", rejected_key "rejected", no prompt_key): whole conversations for --apply_chat_template. Never ties.',
    fields: [
      ['chosen', 'the conversation followed by {role: "assistant", content} with the preferred response'],
      ['rejected', 'the conversation followed by the other response'],
      ['margin', 'only when asked for; OpenRLHF reads it as the margin of its margin loss (0 when absent)'],
      ['weight, item_id, chosen_id, rejected_id, labeler, split, votes', 'as in pairs'],
    ],
  },
  rankings: {
    title: 'Rankings',
    summary: 'One row per item with every judgment, for trainers that batch all comparisons of a prompt.',
    fields: [
      ['item_id', 'the item id'],
      ['messages', 'the conversation'],
      ['responses', '[{id, text, model}]'],
      [
        'consensus',
        'tie groups best first: the pairwise majority grouped by its cycles (the same rule as consensus pairs), or the lead’s adjudicated ranking',
      ],
      ['adjudicated', 'true when a lead’s ranking replaces the labelers’'],
      ['is_gold', 'a gold item'],
      ['split', 'train or validation'],
      [
        'judgments',
        '[{labeler, source, ranking, all_unacceptable, rest_grouped_below, ratings, prompt_flags, shown_order, duration_ms, taxonomy_version, created_at, labeler_groups, aspects}]',
      ],
      [
        'judgments[].ratings',
        'one record per response of the item, in its order: {response_id, likert (null when unscored), flags ([] when none), flaws ([{start, end, category, severity, comment}])}',
      ],
      [
        'judgments[].rest_grouped_below',
        'true when the last tie group is “the rest tie below”: responses the labeler did not place and declared equal, below the placed ones (their pairs are ties)',
      ],
      [
        'judgments[].labeler_groups',
        'null unless the project opted in; then the labeler’s self-described group attributes as [{attribute, values}], only values whose group has at least the project’s minimum number of labelers',
      ],
      [
        'judgments[].aspects',
        'null when the judgment answered no aspect; else [{aspect, description, same_as_overall, ranking}] with the aspect as the labeler saw it; ranking is null for “same as overall” (the judgment’s ranking)',
      ],
    ],
  },
  raw: {
    title: 'Raw judgments',
    summary: 'One row per judgment with everything stored.',
    fields: [
      ['judgment_id', 'the judgment id'],
      ['item_id, messages, is_gold', 'the item, as in rankings'],
      [
        'responses',
        '[{id, text, model, imported_scores}]: as in rankings, plus the scores an imported dataset gave each response as [{name, value}] (empty when none)',
      ],
      ['labeler … created_at', 'the judgment’s fields, as in rankings'],
    ],
  },
  sft: {
    title: 'SFT (demonstrations)',
    summary: 'Accepted demonstrations as chat transcripts, with the lead’s edit where a lead edited one.',
    fields: [
      ['messages', 'the conversation followed by {role: "assistant", content} with the demonstration'],
      ['item_id', 'the item id'],
      ['demonstration_id', 'the demonstration id'],
      ['labeler', 'the writer’s pseudonym'],
      ['split', 'train or validation'],
    ],
  },
  perturbations: {
    title: 'Perturbations (planted flaws)',
    summary:
      'Accepted perturbations: the original response, its flawed variant and the planted flaw, the ground truth of the critique experiment.',
    fields: [
      ['messages', 'the conversation'],
      ['original', 'the source response text'],
      ['flawed', 'the flawed variant'],
      [
        'flaw',
        '{description, category, severity (1–4), missable_because, span: {start, end} in flawed, original_span: {start, end} in original}; spans are [start, end) UTF-16 offsets from a diff',
      ],
      ['item_id, response_id, perturbation_id', 'ids (imported ids where there are)'],
      ['author', 'the writer’s pseudonym; null when imported without one'],
      ['created_at, split', 'when it was written; train or validation by the prompt'],
    ],
  },
  kto: {
    title: 'KTO (TRL unpaired preference)',
    summary:
      'One row per labeled response with a desirable (true) or undesirable (false) label, as TRL’s KTOTrainer reads it; how labels are read from rankings or Likert scores is in Rules.',
    fields: [
      ['prompt', 'the conversation: [{role, content}]'],
      ['completion', '[{role: "assistant", content}] with the response'],
      ['label', 'true: desirable; false: undesirable'],
      ['item_id, response_id', 'ids (imported ids where there are)'],
      ['labeler', 'labeler pseudonym ("adjudication" for a lead ranking); null in consensus mode'],
      ['split', 'train or validation, by a hash of the split key'],
    ],
  },
  'detect-trials': {
    title: 'Detect trials (critique experiment)',
    summary: 'One row per submitted detect trial of an accepted perturbation: cell (variant × arm), answers, scoring and timing.',
    fields: [
      ['trial_id, item_id, response_id, perturbation_id', 'ids'],
      ['labeler', 'the evaluator’s pseudonym'],
      ['arm, variant', 'assisted or unassisted; original or flawed'],
      ['likert, says_flawed, span, severity, description', 'the answers; span {start, end} in the shown text, null without a flaw'],
      ['found_intended, span_overlap, reviewed_by_lead', 'scoring of a flawed text (null for an original, and while waiting for review)'],
      [
        'duration_ms, critique_marks, would_have_noticed, submitted_at',
        'active time; [{critique_id, helpful}] in the assisted arm; the follow-up answer',
      ],
      [
        'would_have_noticed_yes_first',
        'whether “Yes” was the first of the follow-up’s two buttons (their order is randomized per trial, balanced per labeler); null when the question was not asked',
      ],
    ],
  },
  judge: {
    title: 'AI judge labels',
    summary:
      'One row per AI judge label (issue 25), never a human label: the ranking, Likert scores and flags a model gave as a labeler would, with its provenance.',
    fields: [
      ['item_id', 'the item id (the imported id when there is one)'],
      ['source', 'always "judge"'],
      ['connection, model, model_reported', 'the model connection’s name, the model it asks for, the model the server reported'],
      ['template_version', 'the judge prompt template version (0: the built-in default)'],
      ['reversed', 'asked with the shown order reversed (the position-consistency question)'],
      ['shown_order', 'response ids in the order shown, as letters A, B, C…'],
      ['ranking', 'tie groups of response ids, best first'],
      ['ratings', '[{response_id, likert, flags}]'],
      ['reason, job_id, created_at, split', 'the judge’s brief reason; its run; when; train or validation by the prompt'],
    ],
  },
  'trl-stepwise': {
    title: 'TRL stepwise supervision (process reward)',
    summary:
      'One row per step labelling of a solution (per labeler), or per solution (consensus): the prompt, the rated steps and one boolean per step, as TRL’s PRMTrainer reads them.',
    fields: [
      ['prompt', 'the problem as text (several turns: "User: …" / "Assistant: …" blocks)'],
      ['completions', 'the steps, in order, up to the last rated one (labelling may stop at the first error)'],
      ['labels', 'one boolean per step: +1 true, −1 false, neutral (0) as the neutral rule in Rules says'],
      ['item_id, response_id', 'ids (imported ids where there are)'],
      ['labeler', 'labeler pseudonym; null in consensus mode (per step the majority rating, up to the first tie)'],
      ['split', 'train or validation, by a hash of the split key'],
    ],
  },
  prm800k: {
    title: 'PRM800K-like step labels',
    summary: 'One row per step labelling, shaped as OpenAI’s PRM800K rows (question, label.steps with rated completions, finish_reason).',
    fields: [
      ['labeler, timestamp', 'labeler pseudonym; when labelled (imported rows: their own timestamp)'],
      ['generation, is_quality_control_question, is_initial_screening_question', 'as imported; null otherwise'],
      [
        'question',
        '{problem, ground_truth_solution, ground_truth_answer, pre_generated_steps (every step), pre_generated_answer, pre_generated_verifier_score}',
      ],
      [
        'label',
        '{steps: [{completions: [{text, rating −1/0/+1, flagged, flaw}], human_completion, chosen_completion 0}], total_time (ms), finish_reason, final_answer (correct, incorrect, cant_tell; null when imported)}',
      ],
      ['item_id, response_id, split', 'ids and the split'],
    ],
  },
  arena: {
    title: 'Arena battles (Chatbot Arena)',
    summary: "One row per pair of sides a chat vote states, in Chatbot Arena's battle shape; the Import page reads it back.",
    fields: [
      ['question_id', 'the battle turn ("<battle>-t<turn>", with the two sides\' letters when a battle had more than two)'],
      ['model_a, model_b', "the models' names (their connections' names), model_a the side shown first of the two"],
      ['winner', 'model_a, model_b, tie, or "tie (bothbad)"'],
      ['judge', "the labeler's pseudonym"],
      ['conversation_a, conversation_b', "each side's own thread through this turn: [{role, content}]"],
      ['turn', 'the turn of the battle, from 1'],
      ['anony', 'true: the models were anonymous when the labeler voted'],
      ['language', "the prompt's language when known, else null"],
      ['tstamp', 'when the vote was cast, Unix seconds'],
    ],
  },
};
