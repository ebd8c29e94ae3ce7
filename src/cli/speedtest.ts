// `npm run speedtest`: one request through the same provider code the extension uses,
// measured the same way, from a terminal. Exit codes: 0 ok (also when aborted on purpose),
// 1 the request failed, 2 bad arguments.
import { resolveEndpoint } from '../config/core/profiles';
import { DEFAULT_SETTINGS, type ProfileSettings } from '../config/core/settings';
import { createInferenceClient, ProviderError } from '../providers';
import type { EndpointConfig, GenerationStream, StreamOutcome } from '../providers/types';
import { parseSpeedtestArgs, USAGE, type SpeedtestArgs } from './args';

export interface SpeedtestResult {
  text: string;
  reasoning: string;
  ttftMs: number | null;
  totalMs: number | null;
  completionTokens: number | null;
  tokensPerSecond: number | null;
  server: { tokensPerSecond: number; source: string } | null;
  aborted: boolean;
  error: string | null;
  tokensEstimated?: boolean;
  finishReason?: string | null;
  transport?: string;
  model?: string;
  /** When --abort-after-ms fired: wall-clock epoch ms (Date.now), the scale other processes share. */
  abortedAt?: number;
}

const DEFAULT_CHAT_PROMPT = 'Write three sentences about fast inference.';
const DEFAULT_FIM_PREFIX = 'function fibonacci(n: number): number {\n  ';
const DEFAULT_FIM_SUFFIX = '\n}\n';

export function endpointFromArgs(args: SpeedtestArgs, apiKey: string | undefined): EndpointConfig {
  const profile: ProfileSettings = { id: args.preset ?? 'speedtest', preset: args.preset ?? 'custom' };
  if (args.baseUrl) profile.baseUrl = args.baseUrl;
  if (args.model !== undefined) {
    profile.chatModel = args.model;
    profile.completionModel = args.model;
  }
  if (Object.keys(args.headers).length > 0) profile.headers = args.headers;
  if (args.fimTransport) profile.fimTransport = args.fimTransport;
  const settings = { ...DEFAULT_SETTINGS, firstTokenTimeoutSeconds: (args.firstTokenTimeoutMs ?? 20_000) / 1000 };
  return resolveEndpoint(profile, settings, apiKey);
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

function resultFrom(outcome: StreamOutcome): SpeedtestResult {
  const s = outcome.sample;
  return {
    text: outcome.text,
    reasoning: outcome.reasoning,
    ttftMs: round(s.ttftMs),
    totalMs: round(s.totalMs),
    completionTokens: s.completionTokens,
    tokensPerSecond: round(s.tokensPerSecond),
    server: s.server ? { tokensPerSecond: s.server.tokensPerSecond, source: s.server.source } : null,
    aborted: outcome.aborted,
    error: null,
    tokensEstimated: s.tokensEstimated,
    finishReason: outcome.finishReason,
    ...(outcome.transport ? { transport: outcome.transport } : {}),
    model: s.model,
  };
}

function resultFromError(error: ProviderError, text: string): SpeedtestResult {
  const s = error.sample;
  return {
    text,
    reasoning: '',
    ttftMs: round(s?.ttftMs ?? null),
    totalMs: round(s?.totalMs ?? null),
    completionTokens: s?.completionTokens ?? null,
    tokensPerSecond: round(s?.tokensPerSecond ?? null),
    server: null,
    aborted: false,
    error: `${error.kind}: ${error.message}`,
  };
}

function summary(endpoint: EndpointConfig, r: SpeedtestResult): string {
  const ms = (n: number | null) => (n === null ? '–' : `${Math.round(n)} ms`);
  const lines = [
    '',
    `${endpoint.providerName} · ${r.model ?? '?'}${r.transport ? ` · ${r.transport}` : ''}${r.aborted ? ' · aborted' : ''}`,
    `  time to first token  ${ms(r.ttftMs)}`,
    `  total                ${ms(r.totalMs)}`,
    `  completion tokens    ${r.completionTokens ?? '–'}${r.tokensEstimated ? ' (estimated from characters)' : ' (server count)'}`,
    `  decode speed         ${r.tokensPerSecond === null ? '–' : `${Math.round(r.tokensPerSecond)} tokens/s`} (client)`,
    `  server speed         ${r.server ? `${Math.round(r.server.tokensPerSecond)} tokens/s (${r.server.source})` : '– (not reported)'}`,
  ];
  if (r.reasoning) lines.push(`  reasoning            ${r.reasoning.length} characters`);
  if (r.error) lines.push(`  error                ${r.error}`);
  return lines.join('\n');
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/** Runs the speed test; returns the exit code. */
export async function runSpeedtest(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSpeedtestArgs(argv);
  if (typeof parsed === 'string') {
    io.err(`speedtest: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.out(USAGE);
    return 0;
  }
  let apiKey: string | undefined;
  if (parsed.apiKeyEnv) {
    apiKey = io.env[parsed.apiKeyEnv];
    if (!apiKey) {
      io.err(`speedtest: environment variable ${parsed.apiKeyEnv} is not set or empty\n`);
      return 2;
    }
  }
  const endpoint = endpointFromArgs(parsed, apiKey);
  const client = createInferenceClient(endpoint);
  const controller = new AbortController();
  let abortedAt: number | undefined;
  const abortTimer =
    parsed.abortAfterMs !== undefined
      ? setTimeout(() => {
          abortedAt = Date.now();
          controller.abort();
        }, parsed.abortAfterMs)
      : undefined;
  const stream: GenerationStream =
    parsed.mode === 'chat'
      ? client.streamChat(
          { messages: [{ role: 'user', content: parsed.prompt ?? DEFAULT_CHAT_PROMPT }], ...(parsed.maxTokens ? { maxTokens: parsed.maxTokens } : {}) },
          controller.signal,
        )
      : client.streamFim(
          {
            prefix: parsed.prompt ?? DEFAULT_FIM_PREFIX,
            suffix: parsed.suffix ?? (parsed.prompt === undefined ? DEFAULT_FIM_SUFFIX : ''),
            maxTokens: parsed.maxTokens ?? endpoint.completionMaxTokens,
          },
          controller.signal,
        );

  let text = '';
  let result: SpeedtestResult;
  try {
    for await (const delta of stream) {
      if (delta.kind !== 'content') continue;
      text += delta.text;
      if (!parsed.json) io.out(delta.text);
    }
    result = resultFrom(await stream.outcome);
  } catch (err) {
    const error = err instanceof ProviderError ? err : new ProviderError({ kind: 'unknown', message: String(err) });
    result = resultFromError(error, text);
  } finally {
    if (abortTimer) clearTimeout(abortTimer);
  }
  if (abortedAt !== undefined && result.aborted) result.abortedAt = abortedAt;
  io.out(parsed.json ? `${JSON.stringify(result)}\n` : `${summary(endpoint, result)}\n`);
  if (result.error) {
    io.err(`speedtest: ${result.error}\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  // Under tsx, source-mapped stack traces make the first abort (which creates an AbortError)
  // take tens of milliseconds; the CLI measures cancellation, so keep stacks plain.
  process.setSourceMapsEnabled(false);
  runSpeedtest(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
  }).then(
    (code) => (process.exitCode = code),
    (err) => {
      process.stderr.write(`speedtest: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
