import type { ReactNode } from 'react';
import { QueryClient, type UseQueryResult } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { ApiError } from './api';
import { useI18n } from './i18n';
import { NeedsIdPorten } from './pages/citizen/NeedsIdPorten';
import { problemCode, problemText } from './problems';

/** The pages' server state. A failed read is tried once more (not an answer the server meant: 4xx are final), then
 * shown with a retry button; nothing is read again only because the window got focus. */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
        refetchOnWindowFocus: false,
        staleTime: 10_000,
      },
    },
  });
}

/** How often a page asks again while something it shows is still on its way (a cancellation or booking the health
 * station decides, a message travelling to the journal): often enough that a person sees it change while looking. */
export const followRhythm = 3_000;

/** A query's data, or its loader, or what went wrong (in words, by the problem's code) with a retry button: never an
 * endless spinner. A page that needs a stronger login says so with the one button that gives it. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (query.isError) {
    if (problemCode(query.error) === 'insufficient-assurance') return <NeedsIdPorten />;
    return <LoadFailed error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) return <Loader ariaLabel={t('loading')} />;
  return <>{children(query.data)}</>;
}

export function LoadFailed({ error, onRetry }: { error?: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <NotificationPanel variant="error" labelHtmlMarkup="h2" label={t('somethingFailed')} role="alert">
      <p>{error instanceof ApiError ? problemText(t, error) : t('loadFailed')}</p>
      <Button variant="outline" onClick={onRetry}>
        {t('tryAgain')}
      </Button>
    </NotificationPanel>
  );
}

/** A failed call's problem, shown where the person acted (announced: role alert). */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (problemCode(error) === 'insufficient-assurance') return <NeedsIdPorten />;
  return (
    <NotificationPanel variant="error" role="alert">
      {problemText(t, error)}
    </NotificationPanel>
  );
}
