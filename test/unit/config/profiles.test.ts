import * as assert from 'node:assert/strict';
import { PRESETS } from '../../../src/config/core/presets';
import { normaliseBaseUrl, profileName, resolveEndpoint } from '../../../src/config/core/profiles';
import { DEFAULT_SETTINGS, PRESET_IDS } from '../../../src/config/core/settings';
import { FIM_TEMPLATES } from '../../../src/providers/fim/templates';

describe('presets', () => {
  it('exist for every preset id, consistent with their own fields', () => {
    assert.deepEqual(Object.keys(PRESETS).sort(), [...PRESET_IDS].sort());
    for (const id of PRESET_IDS) {
      const p = PRESETS[id];
      assert.equal(p.id, id);
      assert.ok(p.name.length > 0 && p.name.length <= 12, `${id}: short display name`);
      if (id !== 'custom') assert.match(p.baseUrl, /^https?:\/\/[^/]+.*\/(v1|openai\/v1|inference\/v1|api\/v1)$/, id);
      assert.ok(p.fimTransports.length > 0, `${id}: a FIM order`);
      assert.equal(new Set(p.fimTransports).size, p.fimTransports.length, `${id}: no repeats`);
      assert.ok(p.completionMaxTokens > 0 && p.completionMaxTokens <= 256, `${id}: small completion budget`);
      assert.equal(p.requiresKey, !p.local && id !== 'custom', `${id}: cloud presets need a key`);
      if (p.requiresKey) assert.match(p.keyUrl ?? '', /^https:\/\//, `${id}: where to get a key`);
      if (p.fimTemplate !== 'auto') assert.ok(FIM_TEMPLATES[p.fimTemplate]);
      assert.equal(p.local, /localhost/.test(p.baseUrl), `${id}: local means localhost`);
    }
  });

  it('encode the known FIM facts', () => {
    assert.deepEqual(PRESETS.groq.fimTransports, ['chat'], 'Groq has no completions route');
    assert.equal(PRESETS.llamacpp.fimTransports[0], 'llama-infill');
    assert.equal(PRESETS.mistral.fimTransports[0], 'mistral-fim');
    assert.equal(PRESETS.deepseek.fimBaseUrl, 'https://api.deepseek.com/beta');
    assert.ok(!PRESETS.cerebras.fimTransports.includes('completions-suffix'), 'Cerebras does not support suffix');
    assert.ok(PRESETS.cerebras.completionMaxTokens <= 64, 'Cerebras reserves max_tokens against the quota');
    assert.equal(PRESETS.groq.serverTiming, 'groq');
    assert.equal(PRESETS.llamacpp.serverTiming, 'llama-cpp');
    assert.equal(PRESETS.openrouter.rateLimitHeaders, 'openrouter');
  });
});

describe('profileName', () => {
  it('is the label, else the id, else (for an id equal to its preset) the preset name', () => {
    assert.equal(profileName({ id: 'ollama', preset: 'ollama' }), 'Ollama');
    assert.equal(profileName({ id: 'llamacpp', preset: 'llamacpp' }), 'llama.cpp');
    assert.equal(profileName({ id: 'llamacpp-2', preset: 'llamacpp' }), 'llamacpp-2', 'two profiles of one preset differ');
    assert.equal(profileName({ id: 'work', preset: 'custom' }), 'work', 'a custom profile is not called "Custom"');
    assert.equal(profileName({ id: 'box', preset: 'vllm', label: 'GPU box' }), 'GPU box');
    assert.equal(profileName({ id: 'box', preset: 'vllm', label: ' ' }), 'box');
  });
});

describe('resolveEndpoint', () => {
  it('fills every field from the preset', () => {
    const e = resolveEndpoint({ id: 'g', preset: 'groq' }, DEFAULT_SETTINGS, 'gsk_x');
    assert.deepEqual(e, {
      profileId: 'g',
      providerName: 'g',
      presetId: 'groq',
      baseUrl: 'https://api.groq.com/openai/v1',
      headers: {},
      chatModel: 'llama-3.3-70b-versatile',
      completionModel: 'llama-3.1-8b-instant',
      fimTransport: 'auto',
      fimTemplate: 'auto',
      serverTiming: 'groq',
      fimOrder: ['chat'],
      rateLimitStyle: 'openai',
      requiresKey: true,
      firstTokenTimeoutMs: 20_000,
      chatMaxTokens: 4096,
      completionMaxTokens: 128,
      temperature: 0.2,
      apiKey: 'gsk_x',
    });
  });

  it('lets the profile override, guesses the FIM template from the model, and leaves no key when none is given', () => {
    const e = resolveEndpoint(
      {
        id: 'box',
        preset: 'vllm',
        label: 'GPU box',
        baseUrl: 'http://10.0.0.2:8000/v1/',
        completionModel: 'bigcode/starcoder2-7b',
        chatMaxTokens: 100,
        completionMaxTokens: 40,
        temperature: 0,
        headers: { 'X-Team': 'a' },
      },
      { ...DEFAULT_SETTINGS, firstTokenTimeoutSeconds: 5 },
    );
    assert.equal(e.providerName, 'GPU box');
    assert.equal(e.baseUrl, 'http://10.0.0.2:8000/v1');
    assert.equal(e.fimTemplate, 'starcoder');
    assert.equal(e.chatModel, '', 'vLLM: the served model is asked for');
    assert.equal(e.firstTokenTimeoutMs, 5000);
    assert.equal(e.temperature, 0);
    assert.deepEqual(e.headers, { 'X-Team': 'a' });
    assert.equal('apiKey' in e, false);
  });

  it('keeps DeepSeek’s /beta FIM URL only while the profile uses the preset URL', () => {
    assert.equal(resolveEndpoint({ id: 'd', preset: 'deepseek' }, DEFAULT_SETTINGS).fimBaseUrl, 'https://api.deepseek.com/beta');
    assert.equal(resolveEndpoint({ id: 'd', preset: 'deepseek', baseUrl: 'https://proxy.example/v1' }, DEFAULT_SETTINGS).fimBaseUrl, undefined);
  });

  it('an explicit template wins over the guess', () => {
    assert.equal(resolveEndpoint({ id: 'o', preset: 'ollama', completionModel: 'qwen2.5-coder:1.5b', fimTemplate: 'codellama' }, DEFAULT_SETTINGS).fimTemplate, 'codellama');
    assert.equal(resolveEndpoint({ id: 'm', preset: 'mistral' }, DEFAULT_SETTINGS).fimTemplate, 'codestral');
  });

  it('normalises base URLs', () => {
    assert.equal(normaliseBaseUrl('  http://localhost:8080/v1///  '), 'http://localhost:8080/v1');
  });
});
