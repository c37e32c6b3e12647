// What the generated client does not cover: the error every failed call throws, the language header, the login
// session's calls, server-sent events and downloads.
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly title: string,
    public readonly detail: string | undefined,
    public readonly code: string | undefined,
    /** The whole problem document, for a page that reads an extension (a conflict's fresh free times). */
    public readonly problem: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

let language = 'nb';
export function setApiLanguage(value: string) {
  language = value;
}

export function apiLanguageHeader(): string {
  return language === 'nn' ? 'nn-NO' : 'nb-NO';
}

/** The host's login session (/bff/*): outside the API document, so called by hand. */
export async function bff<T>(path: '/bff/session' | '/bff/logout', options: { method?: 'GET' | 'POST'; keepalive?: boolean } = {}): Promise<T> {
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers: { 'X-CSRF': '1', Accept: 'application/json', 'Accept-Language': apiLanguageHeader() },
    credentials: 'same-origin',
    keepalive: options.keepalive,
  });
  if (!response.ok) throw new ApiError(response.status, response.statusText, undefined, undefined);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/** Server-sent events read with fetch (EventSource cannot send the chat's bearer token or the anti-forgery header). */
export async function readEvents(
  path: string,
  headers: Record<string, string>,
  onMessage: (message: SseMessage) => void,
  signal: AbortSignal,
  anonymous = false,
): Promise<void> {
  const response = await fetch(path, { headers: { Accept: 'text/event-stream', 'X-CSRF': '1', 'Accept-Language': apiLanguageHeader(), ...headers }, signal, credentials: anonymous ? 'omit' : 'same-origin' });
  if (!response.ok || !response.body) throw new ApiError(response.status, response.statusText, undefined, undefined);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message: SseMessage = { event: 'message', data: '' };
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') message.event = content;
        else if (field === 'data') message.data += (message.data ? '\n' : '') + content;
        else if (field === 'id') message.id = content;
      }
      onMessage(message);
    }
  }
}

/** A file from the API saved by the browser: a plain link cannot carry the anti-forgery header the session needs. */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: { 'X-CSRF': '1' }, credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, response.statusText, undefined, undefined);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/** Tells the page header that someone logged in or out elsewhere on the page (the youth chat's hand-over). */
export function sessionChanged() {
  window.dispatchEvent(new Event('dh-session-changed'));
}

/** The body of a generated call's answer (the client throws on a failure, so an answer has one). */
export async function data<T>(call: Promise<unknown>): Promise<T> {
  return ((await call) as { data: unknown }).data as T;
}
