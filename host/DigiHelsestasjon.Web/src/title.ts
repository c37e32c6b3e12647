import { useEffect } from 'react';

/** Each page names itself in the browser's tab and to a screen reader: "Timeavtaler – DigiHelsestasjon". */
export function useDocumentTitle(page: string | null | undefined) {
  useEffect(() => {
    document.title = page ? `${page} – DigiHelsestasjon` : 'DigiHelsestasjon';
  }, [page]);
}
