import { createContext, useContext } from 'react';
import { queryOptions } from '@tanstack/react-query';
import { bff } from './api';

export interface Session {
  authenticated: boolean;
  issuer?: string;
  kind?: 'Citizen' | 'Pupil' | 'Staff';
  roles?: string[];
  expiresAt?: string;
}

/** The login session (null until the host has answered; not logged in when it could not). */
export const sessionQuery = queryOptions({
  queryKey: ['bff', 'session'],
  queryFn: () => bff<Session>('/bff/session').catch((): Session => ({ authenticated: false })),
  staleTime: Infinity,
});

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session | null {
  return useContext(SessionContext);
}
