// The generated client (src/api/generated, from openapi/platform.json) set up as the host expects a browser to call it:
// the session is the host's HttpOnly cookie, every call carries the anti-forgery header the host requires for cookie
// calls, and the person's written form so texts come back in bokmål or nynorsk. A failed call throws an ApiError.
import { client } from './generated/client.gen';
import { ApiError, apiLanguageHeader } from './http';

client.setConfig({
  // Absolute: the client builds a Request, and outside a browser (the component tests) a Request needs a whole address.
  baseUrl: typeof window === 'undefined' ? '' : window.location.origin,
  credentials: 'same-origin',
  throwOnError: true,
});

client.interceptors.request.use((request) => {
  request.headers.set('X-CSRF', '1');
  if (!request.headers.has('Accept')) request.headers.set('Accept', 'application/json');
  request.headers.set('Accept-Language', apiLanguageHeader());
  return request;
});

client.interceptors.error.use((error, response) => {
  if (error instanceof ApiError || !response) return error;
  const problem = (typeof error === 'object' && error !== null ? error : {}) as { title?: string; detail?: string; code?: string; type?: string; [extension: string]: unknown };
  return new ApiError(response.status, problem.title ?? response.statusText, problem.detail, problem.code ?? problem.type, problem);
});

/** Options for a call that must not carry the cookie (the anonymous youth chat: an anonymous request never carries
 * someone's login), with the conversation's own token instead. */
export function anonymous(token?: string) {
  return { credentials: 'omit' as const, headers: token ? { Authorization: `Bearer ${token}` } : {} };
}

/** One key per thing sent: a double click or a retry after a lost answer never sends it twice. */
export function idempotent(key: string = crypto.randomUUID()) {
  return { 'Idempotency-Key': key };
}
