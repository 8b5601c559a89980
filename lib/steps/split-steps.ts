/** How a response without an explicit step list is cut into steps (the project's steps.split setting). */
export const STEP_SPLITS = ['blank_lines', 'numbered_lines'] as const;
export type StepSplit = (typeof STEP_SPLITS)[number];

/** A line that starts a numbered step: "1.", "2)", "3:", "Step 4:", "Step 5." (leading spaces allowed). */
const NUMBERED = /^[ \t]*(?:step[ \t]*)?\d{1,4}[.):][ \t]/i;
const BLANK = /^[ \t\r]*$/;

/** The text's lines with the offset each starts at (line feeds kept in the line they end). */
function linesOf(text: string): { start: number; line: string }[] {
  const out: { start: number; line: string }[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end + 1;
    out.push({ start, line: text.slice(start, stop) });
    start = stop;
  }
  return out;
}

/** The slice [start, end) without the line breaks and blank lines at its two ends; null when nothing but whitespace. */
function trimmedSlice(text: string, start: number, end: number): string | null {
  const piece = text.slice(start, end);
  if (piece.trim() === '') return null;
  // Only whole blank lines and line breaks go; spaces that begin or end a line of the step stay.
  return piece.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '');
}

/**
 * The steps of a response text, each an exact piece of it (nothing rewritten: no numbering taken
 * off, no spaces inside a line changed), in order; only the blank lines between steps are left
 * out. `blank_lines`: a step ends at one or more blank lines. `numbered_lines`: a step begins at
 * each numbered line ("1.", "2)", "Step 3:"); text before the first one is a step of its own; a
 * text without numbered lines is one step. An empty text has no steps.
 */
export function splitSteps(text: string, split: StepSplit): string[] {
  const lines = linesOf(text);
  const cuts: number[] = [0];
  if (split === 'blank_lines') {
    for (const { start, line } of lines) if (BLANK.test(line.replace(/\r?\n$/, ''))) cuts.push(start);
  } else {
    for (const { start, line } of lines) if (start > 0 && NUMBERED.test(line)) cuts.push(start);
  }
  cuts.push(text.length);
  const steps: string[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const step = trimmedSlice(text, cuts[i]!, cuts[i + 1]!);
    if (step !== null) steps.push(step);
  }
  return steps;
}

/** The steps of a response: its explicit list (imported `steps`, kept in the response's metadata) when it has one, else the split of its text. */
export function responseSteps(response: { text: string; metadata: unknown }, split: StepSplit): string[] {
  const explicit = explicitSteps(response.metadata);
  return explicit ?? splitSteps(response.text, split);
}

/** The explicit step list kept in a response's metadata (`steps`: a non-empty list of strings), or null. */
export function explicitSteps(metadata: unknown): string[] | null {
  if (typeof metadata !== 'object' || metadata === null) return null;
  const steps = (metadata as Record<string, unknown>).steps;
  return Array.isArray(steps) && steps.length > 0 && steps.every((s) => typeof s === 'string') ? (steps as string[]) : null;
}
