/** The prompt as a conversation; every turn is untrusted text, shown as text with its role. */
export function ItemConversation({ messages }: { messages: { role: string; content: string }[] }) {
  if (messages.length === 0) return <p className="text-sm text-slate-600">This item has no messages.</p>;
  return (
    <ol className="flex flex-col gap-3">
      {messages.map((m, i) => (
        <li
          key={i}
          className={`rounded-md border p-3 ${m.role === 'user' ? 'border-indigo-100 bg-indigo-50/50' : 'border-slate-200 bg-slate-50'}`}
        >
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{m.role}</p>
          <div className="text-sm break-words whitespace-pre-wrap text-slate-900">{m.content}</div>
        </li>
      ))}
    </ol>
  );
}
