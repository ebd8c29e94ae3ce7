// Error bodies in the OpenAI shape (what clients of every OpenAI-compatible
// server parse), and the request-level faults that answer with them.
import type { Exchange } from './exchange';
import type { FaultSpec } from './types';

const DEFAULT_ERRORS: Record<number, { type: string; code: string; message: string }> = {
  400: { type: 'invalid_request_error', code: 'invalid_request', message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Invalid API key provided.' },
  403: { type: 'permission_error', code: 'permission_denied', message: 'You do not have access to this resource.' },
  404: { type: 'invalid_request_error', code: 'not_found', message: 'Not found.' },
  408: { type: 'timeout_error', code: 'request_timeout', message: 'The request timed out.' },
  413: { type: 'invalid_request_error', code: 'request_too_large', message: 'Request too large: reduce the prompt.' },
  429: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again later.' },
  500: { type: 'server_error', code: 'internal_error', message: 'The server had an error while processing your request.' },
  502: { type: 'server_error', code: 'bad_gateway', message: 'Bad gateway.' },
  503: { type: 'server_error', code: 'overloaded', message: 'The server is overloaded. Please try again later.' },
};

export function errorBody(status: number, message?: string, code?: string): { error: Record<string, unknown> } {
  const d = DEFAULT_ERRORS[status] ?? { type: 'server_error', code: `http_${status}`, message: `HTTP ${status}` };
  return { error: { message: message ?? d.message, type: d.type, param: null, code: code ?? d.code } };
}

export function sendError(ex: Exchange, status: number, message?: string, code?: string): void {
  ex.respond(status, errorBody(status, message, code));
}

/** A gateway's HTML page, as proxies send when the upstream model server is down. */
export const HTML_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function lowerCaseKeys(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** Applies a fault that replaces the whole response; false when the fault acts later, inside the stream. */
export function applyRequestFault(ex: Exchange, fault: FaultSpec): boolean {
  switch (fault.type) {
    case 'status': {
      const status = fault.status ?? 500;
      const body = fault.body ?? JSON.stringify(errorBody(status));
      ex.writeHead(status, { 'content-type': 'application/json', ...lowerCaseKeys(fault.headers) });
      ex.end(body);
      return true;
    }
    case 'html':
      ex.writeHead(fault.status ?? 502, { 'content-type': 'text/html', ...lowerCaseKeys(fault.headers) });
      ex.end(fault.body ?? HTML_ERROR_PAGE);
      return true;
    case 'reset':
      ex.destroy();
      return true;
    default:
      return false;
  }
}
