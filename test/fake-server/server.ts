// An OpenAI-compatible server on 127.0.0.1 that stands in for every provider in
// tests, benchmarks and demos. See docs/fake-server.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applyRequestFault, sendError } from './errors';
import { epochNow, Exchange } from './exchange';
import { PromptCache } from './promptCache';
import { OnDemandModels } from './onDemand';
import { handleRoute, isGenerationRoute, resolveRoute, type Route } from './routes';
import {
  defaultOptions, mergeOptions, validateOptions, type FakeServerOptions, type FakeServerPatch, type FaultSpec, type RequestRecord,
} from './types';

export * from './types';
export { countTokens, splitTokens, fillerCode } from './tokens';
export { oracleAnswer, locatePrefix } from './oracle';
export { promptTokenList, type PromptCacheOptions } from './promptCache';

export interface FakeServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  /** 'http://127.0.0.1:PORT/v1' */
  baseUrl: string;
  port: number;
  /** Changes behaviour between requests (capabilities merge field by field; null clears fault/replay). */
  configure(patch: FakeServerPatch): void;
  /** The options in force now. */
  options(): FakeServerOptions;
  /** The log, oldest first (control routes under /__fake/ are not logged). */
  requests(): RequestRecord[];
  clearLog(): void;
  /** Clears the log and restores the options the server was started with. */
  reset(): void;
  waitForRequests(n: number, timeoutMs?: number): Promise<RequestRecord[]>;
  /** Responses still being written (0 once every client got its answer or left). */
  activeResponses(): number;
  /** The prompt cache, when one is configured. */
  promptCache(): PromptCache | undefined;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Still answering 503 "Loading model". */
  loading(): boolean;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

export async function startFakeServer(initial: FakeServerPatch = {}): Promise<FakeServer> {
  const startOptions = mergeOptions(defaultOptions(), initial);
  validateOptions(startOptions);
  let options = structuredClone(startOptions);
  let log: RequestRecord[] = [];
  let cache = createCache(options);
  // llama-server answers 503 "Loading model" until its model is loaded.
  let loadingUntil = performance.now() + options.loadingMs;
  // Ollama and LM Studio load a model when a request names it, holding the request meanwhile.
  const onDemand = new OnDemandModels(options.loadOnDemandMs);
  let nextId = 1;
  const active = new Set<Exchange>();
  const sockets = new Set<Socket>();
  const connectionIds = new WeakMap<Socket, number>();
  let connectionCount = 0;
  const waiters = new Set<() => void>();

  const configure = (patch: FakeServerPatch): void => {
    const next = mergeOptions(options, patch);
    validateOptions(next);
    options = next;
    if (patch.promptCache !== undefined) {
      cache?.dispose();
      cache = createCache(options);
    }
    if (patch.loadingMs !== undefined) loadingUntil = performance.now() + options.loadingMs;
    if (patch.loadOnDemandMs !== undefined) onDemand.setLoadMs(options.loadOnDemandMs);
  };
  const reset = (): void => {
    options = structuredClone(startOptions);
    log = [];
    cache?.dispose();
    cache = createCache(options);
    loadingUntil = 0;
    onDemand.reset(options.loadOnDemandMs);
  };
  const snapshot = (): RequestRecord[] => log.map((r) => ({ ...r }));

  /** The fault for this request, if any; counts down `times`. */
  const takeFault = (route: Route | null, path: string): FaultSpec | undefined => {
    const fault = options.fault;
    if (!fault) return undefined;
    const wanted = fault.match?.path;
    const matches = wanted ? path === wanted || resolveRoute('POST', path) === resolveRoute('POST', wanted) && route !== null : isGenerationRoute(route);
    if (!matches) return undefined;
    if (fault.times !== undefined) {
      if (fault.times <= 1) delete options.fault;
      else options.fault = { ...fault, times: fault.times - 1 };
    }
    return fault;
  };

  const control = (req: IncomingMessage, res: ServerResponse, path: string, body: string): void => {
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    try {
      if (req.method === 'POST' && path === '/__fake/config') {
        configure(body ? (JSON.parse(body) as FakeServerPatch) : {});
        return reply(200, { ok: true, options });
      }
      if (req.method === 'GET' && path === '/__fake/config') return reply(200, options);
      if (req.method === 'GET' && path === '/__fake/requests') return reply(200, snapshot());
      if (req.method === 'POST' && path === '/__fake/reset') {
        reset();
        return reply(200, { ok: true });
      }
      reply(404, { error: { message: `Unknown control route: ${req.method} ${path}`, type: 'invalid_request_error' } });
    } catch (err) {
      reply(400, { error: { message: (err as Error).message, type: 'invalid_request_error' } });
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const receivedPerf = performance.now();
    const receivedAt = performance.timeOrigin + receivedPerf;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    if (path.startsWith('/__fake/')) {
      req.on('end', () => control(req, res, path, Buffer.concat(chunks).toString('utf8')));
      return;
    }
    const record: RequestRecord = {
      id: nextId++,
      method: req.method ?? 'GET',
      path,
      headers: lowerCaseHeaders(req),
      body: undefined,
      receivedAt,
      completed: false,
      tokensSent: 0,
      stream: false,
      connection: connectionIds.get(req.socket),
    };
    log.push(record);
    for (const wake of waiters) wake();
    const ex = new Exchange(req, res, record, (done) => active.delete(done));
    active.add(ex);
    req.on('end', () => {
      if (ex.finished) return;
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = parseBody(raw);
      record.body = body;
      if (body && typeof body === 'object') {
        const b = body as Record<string, unknown>;
        record.stream = b.stream === true;
        if (typeof b.model === 'string') record.model = b.model;
      }
      const route = resolveRoute(record.method, path);
      if (performance.now() < loadingUntil) return ex.respond(503, LOADING_BODY);
      if (record.method === 'GET' && path === '/api/ps') return ex.respond(200, onDemand.ollamaPs(options.models));
      if (record.method === 'GET' && path.startsWith(LM_STUDIO_MODEL)) return ex.respond(200, onDemand.lmStudioModel(decodeURIComponent(path.slice(LM_STUDIO_MODEL.length))));
      const requestOptions = options; // later configure() calls do not change a running answer
      const fault = takeFault(route, path);
      if (fault) record.fault = fault.type;
      if (fault && applyRequestFault(ex, fault)) return;
      if (route === null) return sendError(ex, 404, `Unknown route: ${record.method} ${path}`, 'not_found');
      if (raw.length > 0 && body === raw && isGenerationRoute(route)) return sendError(ex, 400, 'The request body is not valid JSON.');
      const answer = () => handleRoute(ex, route, body, requestOptions, fault, receivedPerf, cache);
      if (!isGenerationRoute(route) || record.model === undefined) return answer();
      // Held until the model is in memory; a client that left meanwhile gets nothing.
      onDemand.whenLoaded(record.model, () => {
        if (!ex.finished) answer();
      });
    });
  };

  const server = createServer({ noDelay: true, keepAlive: true }, onRequest);
  server.on('connection', (socket: Socket) => {
    connectionIds.set(socket, ++connectionCount);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(startOptions.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    configure,
    options: () => structuredClone(options),
    requests: snapshot,
    clearLog: () => {
      log = [];
    },
    reset,
    activeResponses: () => active.size,
    waitForRequests(n: number, timeoutMs = 5000): Promise<RequestRecord[]> {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (log.length < n) return false;
          cleanup();
          resolve(snapshot());
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake server: expected ${n} requests within ${timeoutMs} ms, got ${log.length}`));
        }, timeoutMs);
        const wake = () => void check();
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
        check();
      });
    },
    promptCache: () => cache,
    connections: () => connectionCount,
    loading: () => performance.now() < loadingUntil,
    close(): Promise<void> {
      cache?.dispose();
      for (const ex of [...active]) ex.destroy();
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

/** llama-server's answer to every route while the model loads. */
const LM_STUDIO_MODEL = '/api/v0/models/';
const LOADING_BODY = { error: { code: 503, message: 'Loading model', type: 'unavailable_error' } };

function createCache(options: FakeServerOptions): PromptCache | undefined {
  return options.promptCache ? new PromptCache(options.promptCache) : undefined;
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseBody(raw: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export { epochNow };
