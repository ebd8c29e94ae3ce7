// Command-line arguments for `npm run speedtest`. Pure: returns a value or an error message.
import { PRESET_IDS, type PresetId } from '../config/core/settings';
import type { FimTransportId } from '../providers/types';

export interface SpeedtestArgs {
  baseUrl?: string;
  model?: string;
  preset?: PresetId;
  apiKeyEnv?: string;
  mode: 'chat' | 'fim';
  prompt?: string;
  suffix?: string;
  maxTokens?: number;
  abortAfterMs?: number;
  firstTokenTimeoutMs?: number;
  fimTransport?: FimTransportId | 'auto';
  headers: Record<string, string>;
  json: boolean;
  help: boolean;
}

export const USAGE = `Measure an inference endpoint with the extension's own provider code.

  npm run --silent speedtest -- --base-url URL --model MODEL [options]

  --base-url URL          OpenAI-compatible base URL, e.g. http://localhost:8080/v1
  --model MODEL           model name (optional with --preset, or for servers with one model)
  --preset ID             start from a preset: ${PRESET_IDS.join(', ')}
  --api-key-env VAR       read the API key from environment variable VAR (never pass keys as arguments)
  --chat | --fim          chat request (default) or fill-in-the-middle completion
  --prompt TEXT           chat message, or the code before the cursor with --fim
  --suffix TEXT           code after the cursor (--fim)
  --fim-transport T       auto, completions-suffix, llama-infill, mistral-fim, raw-template, chat
  --max-tokens N          longest answer in tokens
  --abort-after-ms N      abort the request N ms after sending it
  --first-token-timeout-ms N   give up when no token arrived within N ms (default 20000)
  --header "Name: value"  extra request header (repeatable)
  --json                  print one JSON object instead of a readable summary
  --help                  show this text
`;

const VALUE_FLAGS = [
  '--base-url', '--model', '--preset', '--api-key-env', '--prompt', '--suffix', '--fim-transport',
  '--max-tokens', '--abort-after-ms', '--first-token-timeout-ms', '--header',
];
const SWITCHES = ['--chat', '--fim', '--json', '--help', '-h'];
const FIM_TRANSPORTS = ['auto', 'completions-suffix', 'llama-infill', 'mistral-fim', 'raw-template', 'chat'] as const;

function positiveInt(flag: string, value: string): number | string {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : `${flag} needs a whole number, got "${value}"`;
}

/** Parses argv (without node and script); returns the arguments or an error message. */
export function parseSpeedtestArgs(argv: readonly string[]): SpeedtestArgs | string {
  const args: SpeedtestArgs = { mode: 'chat', headers: {}, json: false, help: false };
  let modeFlags = 0;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!VALUE_FLAGS.includes(flag) && !SWITCHES.includes(flag)) return `unknown argument "${flag}"`;
    const takesValue = VALUE_FLAGS.includes(flag);
    const value = takesValue ? argv[i + 1] : undefined;
    if (takesValue) {
      if (value === undefined || (value.startsWith('--') && flag !== '--prompt' && flag !== '--suffix')) return `${flag} needs a value`;
      i++;
    }
    switch (flag) {
      case '--base-url':
        args.baseUrl = value;
        break;
      case '--model':
        args.model = value;
        break;
      case '--preset':
        if (!PRESET_IDS.includes(value as PresetId)) return `unknown preset "${value}" (one of: ${PRESET_IDS.join(', ')})`;
        args.preset = value as PresetId;
        break;
      case '--api-key-env':
        args.apiKeyEnv = value;
        break;
      case '--chat':
        args.mode = 'chat';
        modeFlags++;
        break;
      case '--fim':
        args.mode = 'fim';
        modeFlags++;
        break;
      case '--prompt':
        args.prompt = value;
        break;
      case '--suffix':
        args.suffix = value;
        break;
      case '--fim-transport':
        if (!FIM_TRANSPORTS.includes(value as (typeof FIM_TRANSPORTS)[number])) return `unknown FIM transport "${value}" (one of: ${FIM_TRANSPORTS.join(', ')})`;
        args.fimTransport = value as SpeedtestArgs['fimTransport'];
        break;
      case '--max-tokens':
      case '--abort-after-ms':
      case '--first-token-timeout-ms': {
        const n = positiveInt(flag, value as string);
        if (typeof n === 'string') return n;
        if (flag === '--max-tokens') {
          if (n < 1) return '--max-tokens must be at least 1';
          args.maxTokens = n;
        } else if (flag === '--abort-after-ms') args.abortAfterMs = n;
        else args.firstTokenTimeoutMs = n;
        break;
      }
      case '--header': {
        const at = (value as string).indexOf(':');
        if (at <= 0) return `--header needs "Name: value", got "${value}"`;
        args.headers[(value as string).slice(0, at).trim()] = (value as string).slice(at + 1).trim();
        break;
      }
      case '--json':
        args.json = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        return `unknown argument "${flag}"`;
    }
  }
  if (args.help) return args;
  if (modeFlags > 1) return 'use either --chat or --fim, not both';
  if (!args.baseUrl && !args.preset) return '--base-url is required (or --preset)';
  if (args.baseUrl && !/^https?:\/\/[^/]/i.test(args.baseUrl)) return `--base-url must be an http(s) URL, got "${args.baseUrl}"`;
  if (args.fimTransport && args.mode !== 'fim') return '--fim-transport only applies with --fim';
  return args;
}
