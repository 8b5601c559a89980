/** The trl-stepwise export's own options (issue 27): rows per labeler or by consensus, and what a neutral step becomes. */
export function StepExportOptions({ inputClass }: { inputClass: string }) {
  return (
    <fieldset className="grid gap-4 sm:grid-cols-2">
      <legend className="sr-only">Step options</legend>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Step rows</span>
        <select name="mode" defaultValue="per-labeler" className={inputClass}>
          <option value="per-labeler">Per labeler (one row per labelling)</option>
          <option value="consensus">Consensus (per step the majority, up to the first tie)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Neutral steps</span>
        <select name="neutral_as" defaultValue="true" className={inputClass}>
          <option value="true">Count as correct (true)</option>
          <option value="false">Count as incorrect (false)</option>
        </select>
      </label>
    </fieldset>
  );
}
