import { queryOptions } from '@tanstack/react-query';
import { data, getApiV1Me, type Me } from './api';

/** The logged-in person and everyone they may act for (the header shows the name, the citizen pages the choices). */
export const meQuery = queryOptions({ queryKey: ['me'], queryFn: () => data<Me>(getApiV1Me()), staleTime: 60_000 });
