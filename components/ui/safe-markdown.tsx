import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

// Model output and guidelines are untrusted. Without rehype-raw, react-markdown turns raw HTML
// into literal text; links keep only these schemes, and images are never fetched.
const SAFE_LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function toSafeHref(url: string): string | undefined {
  try {
    // No base URL: relative and scheme-less links fail to parse and are dropped.
    return SAFE_LINK_PROTOCOLS.has(new URL(url).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

// Image sources only ever appear as text, so they pass through unchanged.
function transformUrl(url: string, key: string): string | undefined {
  return key === 'src' ? url : toSafeHref(url);
}

const components: Components = {
  h1: ({ children }) => (
    <h1 dir="auto" className="mt-5 mb-3 text-xl font-semibold text-slate-900 first:mt-0">
      {children}
    </h1>
  ),
  h2: ({ children }) => (
    <h2 dir="auto" className="mt-5 mb-2 text-lg font-semibold text-slate-900 first:mt-0">
      {children}
    </h2>
  ),
  h3: ({ children }) => (
    <h3 dir="auto" className="mt-4 mb-2 text-base font-semibold text-slate-900 first:mt-0">
      {children}
    </h3>
  ),
  h4: ({ children }) => (
    <h4 dir="auto" className="mt-4 mb-2 text-sm font-semibold text-slate-900 first:mt-0">
      {children}
    </h4>
  ),
  h5: ({ children }) => (
    <h5 dir="auto" className="mt-3 mb-1 text-sm font-semibold text-slate-900 first:mt-0">
      {children}
    </h5>
  ),
  h6: ({ children }) => (
    <h6 dir="auto" className="mt-3 mb-1 text-sm font-semibold text-slate-600 first:mt-0">
      {children}
    </h6>
  ),
  p: ({ children }) => (
    <p dir="auto" className="my-3 first:mt-0 last:mb-0">
      {children}
    </p>
  ),
  ul: ({ children, className }) => (
    <ul className={`my-3 list-disc space-y-1 ps-6 ${className === 'contains-task-list' ? 'list-none ps-1' : ''}`}>{children}</ul>
  ),
  ol: ({ children, start }) => (
    <ol start={start} className="my-3 list-decimal space-y-1 ps-6">
      {children}
    </ol>
  ),
  li: ({ children, className }) => (
    <li dir="auto" className={className}>
      {children}
    </li>
  ),
  input: ({ type, checked }) => <input type={type} checked={checked} disabled className="me-2 align-middle" />,
  blockquote: ({ children }) => (
    <blockquote dir="auto" className="my-3 border-s-4 border-slate-300 ps-4 text-slate-600">
      {children}
    </blockquote>
  ),
  hr: () => <hr className="my-4 border-slate-200" />,
  a: ({ href, children }) =>
    href ? (
      <a href={href} rel="noopener noreferrer nofollow" target="_blank" className="text-indigo-700 underline hover:text-indigo-900">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ alt, src }) => (
    <span className="rounded bg-slate-100 px-1 text-slate-600">
      [image: {alt || 'no description'}]{src ? ` (${String(src)})` : null}
    </span>
  ),
  code: ({ className, children }) => (
    <code className={`rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] ${className ?? ''}`}>{children}</code>
  ),
  pre: ({ children }) => (
    <pre
      dir="ltr"
      className="my-3 overflow-x-auto rounded-md border border-slate-200 bg-slate-50 p-3 leading-relaxed [&>code]:bg-transparent [&>code]:p-0"
    >
      {withDefaultLanguage(children)}
    </pre>
  ),
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table dir="auto" className="min-w-full border-collapse border border-slate-300 text-start">
        {children}
      </table>
    </div>
  ),
  th: ({ children, style }) => (
    <th dir="auto" style={style} className="border border-slate-300 bg-slate-50 px-3 py-1.5 font-semibold">
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td dir="auto" style={style} className="border border-slate-300 px-3 py-1.5 align-top">
      {children}
    </td>
  ),
};

// Fenced blocks without an info string get `language-text`, so every block carries a language class.
function withDefaultLanguage(children: ReactNode): ReactNode {
  return Children.map(children, (child) => {
    if (!isValidElement<{ className?: string }>(child)) return child;
    const className = child.props.className ?? '';
    return className.includes('language-')
      ? child
      : cloneElement(child as ReactElement<{ className?: string }>, { className: `${className} language-text`.trim() });
  });
}

/**
 * Renders untrusted CommonMark + GFM: raw HTML as literal text, only http(s)/mailto links, no images loaded.
 * Every block takes the direction of its own text (dir="auto", issue 31): an Arabic reply reads right to
 * left in an English screen and an English one left to right in an Arabic screen; code stays left to right.
 */
export function SafeMarkdown({ text }: { text: string }) {
  return (
    <div dir="auto" className="text-sm leading-relaxed break-words text-slate-800">
      <Markdown remarkPlugins={[remarkGfm]} urlTransform={transformUrl} components={components}>
        {text}
      </Markdown>
    </div>
  );
}
