// Who is signed in: the session the cookie stands for, read once from GET /api/v1/session.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import type { Permission } from '../../server/services/access.ts';
import { api, ApiError, setCsrfToken } from './api/client.ts';
import type { Session } from './api/types.ts';

interface SessionState {
  session: Session | null;
  loading: boolean;
  signIn(token: string): Promise<Session>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const session = await api.get<Session>('/session');
        setCsrfToken(session.csrf_token);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
  /** Another person's data must not linger in the cache: everything but the session goes. */
  const forgetData = () => client.removeQueries({ predicate: (cached) => cached.queryKey[0] !== 'session' });
  const state: SessionState = {
    session: query.data ?? null,
    loading: query.isPending,
    signIn: async (token) => {
      const session = await api.post<Session>('/session', { token });
      setCsrfToken(session.csrf_token);
      forgetData();
      client.setQueryData(['session'], session);
      return session;
    },
    signOut: async () => {
      await api.delete('/session').catch(() => undefined);
      setCsrfToken(null);
      forgetData();
      client.setQueryData(['session'], null);
    },
  };
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** Whether the session holds the permission (any one of a list); null: anyone signed in. */
export function may(session: Session | null, permission: Permission | readonly Permission[] | null): boolean {
  if (permission === null) return session !== null;
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  return session !== null && wanted.some((one) => session.permissions.includes(one));
}
