import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, safeUrl } from '@/components/markdown';

// A server component without hooks: calling it gives the element tree react-dom renders.
const render = (text: string, topHeadingLevel?: 2 | 3) => renderToStaticMarkup(Markdown({ children: text, topHeadingLevel }));

const hostile = [
  '# Our demand',
  '',
  'We ask for:',
  '',
  '- a special commission',
  '- open hearings',
  '',
  'Read [the law](https://adilet.zan.kz/rus/docs/K1400000231) or [write to us](mailto:info@example.kz).',
  '',
  '<script>alert(1)</script>',
  '',
  'Inline <img src=x onerror=alert(1)> image and <iframe src="https://evil.example"></iframe> frame.',
  '',
  '<iframe src="https://evil.example"></iframe>',
  '',
  '[click me](javascript:alert(1)) [sneaky](JaVaScRiPt:alert(2)) [tabbed](java&#x09;script:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=)',
  '',
  '![tracker](https://evil.example/pixel.png)',
].join('\n');

describe('petition Markdown', () => {
  it('never lets scripts, event handlers, frames, images or javascript: links reach the page', () => {
    const html = render(hostile);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/data:text/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('evil.example');
    expect(html).not.toMatch(/<p[^>]*><\/p>/);
    // The refused links keep their words as plain text.
    expect(html).toContain('click me');
    expect(html).not.toMatch(/<a[^>]*>click me/);
  });

  it('renders headings one level down, lists and safe links with rel', () => {
    const html = render(hostile);
    expect(html).not.toMatch(/<h1/);
    expect(html).toMatch(/<h2[^>]*>Our demand<\/h2>/);
    expect(html).toMatch(/<ul[^>]*>\s*<li>a special commission<\/li>/);
    expect(html).toContain('<li>open hearings</li>');
    expect(html).toMatch(/<a href="https:\/\/adilet\.zan\.kz\/rus\/docs\/K1400000231" rel="nofollow noopener noreferrer"[^>]*>the law<\/a>/);
    expect(html).toMatch(/<a href="mailto:info@example\.kz" rel="nofollow noopener noreferrer"[^>]*>write to us<\/a>/);
  });

  it('numbers headings from the level asked for, without skipping levels', () => {
    const html = render('# One\n\n### Three\n\n###### Six\n\n# One again', 3);
    expect(html.match(/<h\d/g)).toEqual(['<h3', '<h4', '<h5', '<h3']);
    expect(render('### Only a small heading')).toMatch(/^<div[^>]*><h2[^>]*>Only a small heading<\/h2>/);
  });

  it('keeps only absolute http(s) and mailto URLs', () => {
    expect(safeUrl('https://example.kz/a?b=1#c', 'href', undefined as never)).toBe('https://example.kz/a?b=1#c');
    expect(safeUrl('mailto:a@example.kz', 'href', undefined as never)).toBe('mailto:a@example.kz');
    for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'vbscript:x', 'data:text/html,x', '/relative', '//evil.example', 'file:///etc/passwd']) {
      expect(safeUrl(url, 'href', undefined as never), url).toBeNull();
    }
  });
});
