import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SafeMarkdown } from '@/components/ui/safe-markdown';

function render(text: string) {
  return renderToStaticMarkup(<SafeMarkdown text={text} />);
}

function hrefs(html: string) {
  return [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
}

const DANGEROUS_TAGS = /<(script|img|iframe|object|embed|style)[\s>/]/i;

describe('SafeMarkdown', () => {
  it.each([
    ['script block', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['img with onerror', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['iframe', '<iframe src="https://evil.example"></iframe>', '&lt;iframe src=&quot;https://evil.example&quot;&gt;'],
    ['html anchor with javascript:', '<a href="javascript:alert(1)">x</a>', '&lt;a href=&quot;javascript:alert(1)&quot;&gt;'],
    ['inline html inside a paragraph', 'hello <script>alert(1)</script> <img src=x onerror=alert(1)> world', 'hello &lt;script&gt;'],
  ])('shows raw HTML (%s) as escaped text, never as elements', (_name, input, escaped) => {
    const html = render(input);
    expect(html).not.toMatch(DANGEROUS_TAGS);
    expect(html).not.toMatch(/<a[\s>]/);
    // Text '<' is escaped, so any '<' left starts a real tag.
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).toContain(escaped);
  });

  it.each([
    ['javascript:', '[x](javascript:alert(1))'],
    ['JaVaScRiPt: with entities', '[x](JaVa&#115;cript:alert(1))'],
    ['data:', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript:', '[x](vbscript:msgbox(1))'],
    ['relative', '[x](/admin)'],
    ['reference-style javascript:', '[x][r]\n\n[r]: javascript:alert(1)'],
  ])('renders a markdown link with a %s URL as plain text', (_name, input) => {
    const html = render(input);
    expect(html).not.toMatch(/<a[\s>]/);
    expect(hrefs(html)).toEqual([]);
    expect(html).toContain('x');
  });

  it('keeps http, https and mailto links with rel and target', () => {
    const html = render('[a](http://example.com/a) [b](https://example.com/b) [c](mailto:lead@example.com) <https://example.com/auto>');
    expect(hrefs(html)).toEqual(['http://example.com/a', 'https://example.com/b', 'mailto:lead@example.com', 'https://example.com/auto']);
    const anchors = html.match(/<a\s[^>]*>/g) ?? [];
    expect(anchors).toHaveLength(4);
    for (const tag of anchors) {
      expect(tag).toContain('rel="noopener noreferrer nofollow"');
      expect(tag).toContain('target="_blank"');
    }
  });

  it('never loads images: alt text and URL are shown as text', () => {
    const html = render('![a chart](http://evil/x.png)');
    expect(html).not.toMatch(/<img[\s>/]/i);
    expect(html).not.toContain('src=');
    expect(html).toContain('a chart');
    expect(html).toContain('http://evil/x.png');
  });

  it('keeps fenced code verbatim, with a language class', () => {
    const html = render('```ts\nconst x = "<b>bold</b>" && a < b;\n```\n\n```\nplain <i>\n```');
    expect(html).not.toMatch(/<(b|i)>/);
    expect(html).toContain('<pre');
    expect(html).toMatch(
      /<code class="[^"]*language-ts[^"]*">const x = &quot;&lt;b&gt;bold&lt;\/b&gt;&quot; &amp;&amp; a &lt; b;\n<\/code>/,
    );
    expect(html).toMatch(/<code class="[^"]*language-text[^"]*">plain &lt;i&gt;\n<\/code>/);
  });

  it('renders GFM: tables, strikethrough and task lists', () => {
    const html = render('| a | b |\n| - | - |\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n- [ ] todo');
    expect(html).toMatch(/<table[\s>]/);
    expect(html).toMatch(/<td[^>]*>1<\/td>/);
    expect(html).toContain('<del>gone</del>');
    const boxes = html.match(/<input[^>]*>/g) ?? [];
    expect(boxes).toHaveLength(2);
    expect(boxes.every((tag) => tag.includes('type="checkbox"') && tag.includes('disabled'))).toBe(true);
    expect(boxes.map((tag) => tag.includes('checked'))).toEqual([true, false]);
  });
});
