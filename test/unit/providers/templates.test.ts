import * as assert from 'node:assert/strict';
import { FIM_TEMPLATES, guessFimTemplate, mergeStops } from '../../../src/providers/fim/templates';
import type { FimRequest } from '../../../src/providers/types';

const req: FimRequest = { prefix: 'def f(x):\n    ', suffix: '\n    return y\n', maxTokens: 16 };

describe('FIM templates', () => {
  it('builds each family’s prompt', () => {
    assert.equal(FIM_TEMPLATES.qwen.build(req), `<|fim_prefix|>${req.prefix}<|fim_suffix|>${req.suffix}<|fim_middle|>`);
    assert.equal(FIM_TEMPLATES.codellama.build(req), `<PRE> ${req.prefix} <SUF>${req.suffix} <MID>`);
    assert.equal(FIM_TEMPLATES.deepseek.build(req), `<｜fim▁begin｜>${req.prefix}<｜fim▁hole｜>${req.suffix}<｜fim▁end｜>`);
    assert.equal(FIM_TEMPLATES.starcoder.build(req), `<fim_prefix>${req.prefix}<fim_suffix>${req.suffix}<fim_middle>`);
    assert.equal(FIM_TEMPLATES.codestral.build(req), `[SUFFIX]${req.suffix}[PREFIX]${req.prefix}`);
    assert.equal(FIM_TEMPLATES.codegemma.build(req), `<|fim_prefix|>${req.prefix}<|fim_suffix|>${req.suffix}<|fim_middle|>`);
  });

  it('puts other files first with the repository tokens where the family has them', () => {
    const withContext = { ...req, filePath: 'a.py', extraContext: [{ filename: 'b.py', text: 'B = 1' }] };
    assert.equal(
      FIM_TEMPLATES.qwen.build(withContext),
      `<|repo_name|>workspace\n<|file_sep|>b.py\nB = 1\n<|file_sep|>a.py\n<|fim_prefix|>${req.prefix}<|fim_suffix|>${req.suffix}<|fim_middle|>`,
    );
    assert.ok(FIM_TEMPLATES.starcoder.build(withContext).startsWith('<file_sep>b.py\nB = 1\n<file_sep>a.py\n<fim_prefix>'));
    assert.ok(FIM_TEMPLATES.codegemma.build(withContext).startsWith('<|file_separator|>b.py\nB = 1\n<|fim_prefix|>'));
  });

  it('each family stops on its end and file-separator tokens', () => {
    assert.ok(FIM_TEMPLATES.qwen.stop.includes('<|endoftext|>') && FIM_TEMPLATES.qwen.stop.includes('<|file_sep|>'));
    assert.ok(FIM_TEMPLATES.codellama.stop.includes('<EOT>'));
    assert.ok(FIM_TEMPLATES.codegemma.stop.includes('<|file_separator|>'));
    assert.ok(FIM_TEMPLATES.starcoder.stop.includes('<|endoftext|>'));
  });

  it('guesses the family from common model names', () => {
    const names: [string, string | undefined][] = [
      ['qwen2.5-coder:1.5b-base', 'qwen'],
      ['Qwen/Qwen2.5-Coder-32B-Instruct', 'qwen'],
      ['qwen-3-coder-480b', 'qwen'],
      ['accounts/fireworks/models/qwen2p5-coder-32b-instruct', 'qwen'],
      ['codellama:7b-code', 'codellama'],
      ['deepseek-coder-6.7b-base', 'deepseek'],
      ['bigcode/starcoder2-15b', 'starcoder'],
      ['stable-code-3b', 'starcoder'],
      ['codestral-latest', 'codestral'],
      ['google/codegemma-2b', 'codegemma'],
      ['llama-3.3-70b-versatile', undefined],
    ];
    for (const [name, family] of names) assert.equal(guessFimTemplate(name), family, name);
  });

  it('sends the caller’s stops first and at most the cap, but enforces them all', () => {
    const stops = mergeStops(['\n\n'], FIM_TEMPLATES.qwen.stop, 4);
    assert.deepEqual(stops.sent, ['\n\n', '<|endoftext|>', '<|fim_prefix|>', '<|file_sep|>']);
    assert.equal(stops.all.length, FIM_TEMPLATES.qwen.stop.length + 1);
  });
});
