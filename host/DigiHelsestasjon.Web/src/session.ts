import { createContext, useContext } from 'react';

export interface Session {
  authenticated: boolean;
  issuer?: string;
  kind?: 'Citizen' | 'Pupil' | 'Staff';
  roles?: string[];
  expiresAt?: string;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session | null {
  return useContext(SessionContext);
}
