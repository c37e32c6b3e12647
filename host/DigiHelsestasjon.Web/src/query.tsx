import type { ReactNode } from 'react';
import { QueryClient, type UseQueryResult } from '@tanstack/react-query';
import Button from '@helsenorge/designsystem-react/components/Button';
import Loader from '@helsenorge/designsystem-react/components/Loader';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import { ApiError } from './api';
import { useI18n } from './i18n';

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

/** A query's data, or its loader, or its error with a retry button: never an endless spinner. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (query.isError) return <LoadFailed onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return <Loader ariaLabel={t('loading')} />;
  return <>{children(query.data)}</>;
}

export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <NotificationPanel variant="error" label={t('somethingFailed')} role="alert">
      <p>{t('loadFailed')}</p>
      <Button variant="outline" onClick={onRetry}>
        {t('tryAgain')}
      </Button>
    </NotificationPanel>
  );
}

/** The message of a failed call, as a page shows it. */
export function problemText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
