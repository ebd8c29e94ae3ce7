import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { fenceLanguage, renderMarkdown } from '../../../src/webview/chat/markdown';
import { stableSplit, withoutPartialFence } from '../../../src/webview/chat/incremental';

describe('markdown rendering of model output', () => {
  it('escapes raw HTML instead of rendering it', () => {
    const html = renderMarkdown('Hi <script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="https://e.com">');
    assert.ok(!/<script|<img|<iframe/i.test(html), html);
    assert.ok(html.includes('&lt;script&gt;'));
  });

  it('turns web links into inert elements with the target in data-href', () => {
    const html = renderMarkdown('[docs](https://example.com/a?b=1 "Docs") and https://plain.example.org');
    assert.ok(!/\shref=/.test(html), html);
    assert.match(html, /<a class="ext-link" role="link" tabindex="0" data-href="https:\/\/example.com\/a\?b=1" title="Docs — https:\/\/example.com\/a\?b=1">docs<\/a>/);
    assert.ok(html.includes('data-href="https://plain.example.org"'));
  });

  it('does not link javascript:, data:, file: or command: targets', () => {
    for (const target of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd', 'command:workbench.action.reloadWindow', 'vscode:extension/x']) {
      const html = renderMarkdown(`[click](${target}) <${target}>`);
      assert.ok(!html.includes('data-href'), `${target}: ${html}`);
      assert.ok(!/<a\s/.test(html), `${target}: ${html}`);
    }
  });

  it('never loads images: a remote image becomes a link, anything else plain text', () => {
    const remote = renderMarkdown('![secret](https://evil.example/p.png?d=SECRET)');
    assert.ok(!/<img/i.test(remote));
    assert.ok(remote.includes('class="ext-link image-link"'));
    assert.ok(remote.includes('data-href="https://evil.example/p.png?d=SECRET"'));
    const inline = renderMarkdown('![x](data:image/png;base64,AAAA)');
    assert.ok(!/<img|data-href/i.test(inline), inline);
  });

  it('highlights fenced code and adds the action toolbar', () => {
    const html = renderMarkdown('```ts\nconst x: number = 1;\n```\n');
    assert.match(html, /<div class="code-block" data-lang="ts">/);
    assert.match(html, /<code class="hljs language-ts">.*hljs-keyword/s);
    for (const action of ['copy', 'insert', 'apply', 'newFile']) assert.ok(html.includes(`data-action="${action}"`), action);
  });

  it('escapes code in unknown languages and sanitises the info string', () => {
    const html = renderMarkdown('```"><script>x</script>\n<b>bold</b>\n```\n');
    assert.ok(!html.includes('<script>') && !html.includes('<b>'), html);
    assert.equal(fenceLanguage('"><script>'), '');
    assert.equal(fenceLanguage('{.python}'), 'python');
    assert.equal(fenceLanguage('TypeScript title="a.ts"'), 'typescript');
  });

  it('uses classes, not inline styles, for table alignment (the CSP forbids inline styles)', () => {
    const html = renderMarkdown('| a | b |\n|:--|--:|\n| 1 | 2 |\n');
    assert.ok(!html.includes('style='), html);
    assert.ok(html.includes('class="align-left"') && html.includes('class="align-right"'));
  });
});

describe('incremental split of a growing answer', () => {
  it('splits after a blank line, outside fences, before a line that does not continue a block', () => {
    const text = 'Intro paragraph.\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\n- item\n\n  continued\n\nTail';
    // Not inside the fence (its blank line), not before "  continued", not before the unfinished "Tail".
    assert.equal(stableSplit(text, 0), text.indexOf('- item'));
    assert.equal(stableSplit(`${text}\n`, 0), text.indexOf('Tail'));
  });

  it('does not split inside an unclosed fence or on an unfinished last line', () => {
    assert.equal(stableSplit('a\n\n```py\nx = 1\n\ny = 2\n', 0), 3);
    assert.equal(stableSplit('a\n\nb', 0), 0);
  });

  // Blocks whose rendering does not depend on neighbours: split rendering must equal a whole render.
  const block = fc.oneof(
    fc.stringMatching(/^[A-Za-z][A-Za-z ,.]{0,40}$/).map((s) => `${s.trim() || 'Word'}.`),
    fc.stringMatching(/^[A-Za-z ]{1,20}$/).map((s) => `## ${s.trim() || 'Title'}`),
    fc.array(fc.stringMatching(/^[a-z =;]{0,20}$/), { minLength: 1, maxLength: 5 }).map((lines) => `\`\`\`js\n${lines.join('\n\n')}\n\`\`\``),
    fc.constant('> quoted line'),
    fc.constant('---'),
  );

  it('renders the frozen parts plus the tail exactly like the whole text', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 50 }), (blocks, step) => {
        const text = `${blocks.join('\n\n')}\n`;
        let frozenEnd = 0;
        let frozenHtml = '';
        // Feed the text in pieces like a stream, freezing whatever stableSplit allows.
        for (let end = step; end < text.length + step; end += step) {
          const seen = text.slice(0, Math.min(end, text.length));
          const split = stableSplit(seen, frozenEnd);
          if (split > frozenEnd) {
            frozenHtml += renderMarkdown(seen.slice(frozenEnd, split));
            frozenEnd = split;
          }
        }
        assert.equal(frozenHtml + renderMarkdown(text.slice(frozenEnd)), renderMarkdown(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a closing fence still being written', () => {
  it('is not shown as a stray line of backticks, while streaming or after Stop', () => {
    assert.equal(withoutPartialFence('```ts\nconst a = 1;\n`'), '```ts\nconst a = 1;\n');
    assert.equal(withoutPartialFence('```ts\nconst a = 1;\n``'), '```ts\nconst a = 1;\n');
    assert.equal(withoutPartialFence('````md\n```\nx\n```'), '````md\n```\nx\n', 'shorter than a four-backtick fence');
  });

  it('leaves complete fences and backticks outside code alone', () => {
    assert.equal(withoutPartialFence('```ts\nconst a = 1;\n```'), '```ts\nconst a = 1;\n```');
    assert.equal(withoutPartialFence('Use `x`.\n`'), 'Use `x`.\n`');
    assert.equal(withoutPartialFence('```ts\na\n```\nthen\n`'), '```ts\na\n```\nthen\n`');
  });
});
