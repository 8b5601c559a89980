/** Every shortcut of the ranking screen, for the `?` dialog. */
export const KEY_MAP: { keys: string; action: string }[] = [
  { keys: 'a … i', action: 'Focus response A … I (in ranking mode: place it next)' },
  { keys: '1 … 7', action: 'Score the focused response (1 very bad … 7 excellent)' },
  { keys: 'f', action: 'Open or close the flags of the focused response (Space ticks, Esc closes)' },
  { keys: 'r', action: 'Rank by keyboard: nothing is placed; then press letters best first' },
  { keys: '= then a letter', action: 'In ranking mode: tie that response with the one placed last' },
  { keys: 'Backspace', action: 'In ranking mode: take back the response placed last (it is not ranked again)' },
  { keys: 'Esc', action: 'Leave ranking mode (what is not placed stays not ranked); close a dialog or the flags' },
  { keys: 't', action: 'The rest tie below: the responses not ranked yet share the last place' },
  { keys: 'u', action: 'Toggle "All responses are unacceptable"' },
  { keys: 'y', action: 'Projects with aspects: the next open aspect is the same as the overall ranking' },
  { keys: 'o', action: 'Projects with aspects: rank the next open aspect on its own (letters best first, = ties, Esc leaves)' },
  { keys: 'Shift+C', action: 'Collapse or expand the focused response' },
  { keys: 'Shift+D', action: 'Word diff of two responses' },
  { keys: 'Shift+G', action: 'Guidelines' },
  { keys: 's', action: 'Skip this task' },
  {
    keys: 'Enter',
    action: 'Submit; with responses not ranked yet it lists them and submits nothing; press again to submit through warnings',
  },
  { keys: '?', action: 'This list' },
];

export function KeyMapTable() {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Keyboard shortcuts</caption>
      <thead>
        <tr className="border-b border-slate-200 text-xs text-slate-500 uppercase">
          <th scope="col" className="py-1 pr-4 font-semibold">
            Key
          </th>
          <th scope="col" className="py-1 font-semibold">
            Does
          </th>
        </tr>
      </thead>
      <tbody>
        {KEY_MAP.map((k) => (
          <tr key={k.keys} className="border-b border-slate-100">
            <td className="py-1.5 pr-4 whitespace-nowrap">
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">{k.keys}</kbd>
            </td>
            <td className="py-1.5 text-slate-700">{k.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
