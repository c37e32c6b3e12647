// The API in memory for a page's tests: one way to stand in for fetch, so each test says only what the API answers.
import { vi } from 'vitest';

/** One call as the API would see it: the request, its path and method. */
export interface ApiCall {
  request: Request;
  path: string;
  method: string;
}

/** A JSON answer, as the API gives one. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * Puts `answer` in fetch's place until `vi.unstubAllGlobals()`. What it returns is the answer: a Response as it is, anything
 * else as JSON with 200. Every call is kept in `calls`, in order, for a test that counts reads or checks nothing was sent.
 */
export function stubApi(answer: (call: ApiCall) => unknown) {
  const calls: ApiCall[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init);
    const call = { request, path: new URL(request.url).pathname, method: request.method };
    calls.push(call);
    const result = await answer(call);
    return result instanceof Response ? result : json(result);
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, fetch };
}
