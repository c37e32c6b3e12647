// The pages' one way to the API: the generated calls (checked against the API document by tsc), the client's setup, the
// few calls the document has no words for (the login session, server-sent events, downloads), and the types.
import './client';

export * from './generated/sdk.gen';
export { anonymous, idempotent } from './client';
export { ApiError, bff, data, download, readEvents, sessionChanged, setApiLanguage } from './http';
export type * from './types';
