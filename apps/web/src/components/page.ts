import { useEffect, useRef, type RefObject } from 'react';
import { useLocation } from 'react-router-dom';

/** The tab's title names the page (and the app after it), so history and tabs tell pages apart. */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · Club Ledger`;
  }, [title]);
}

/**
 * Each signed-in page's tab is titled by its main heading, whichever page it is and whenever its data arrives, so
 * no page is left titled by the app alone.
 */
export function useTitleFromHeading(main: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const container = main.current;
    if (!container) return;
    const retitle = () => {
      const heading = container.querySelector('h1')?.textContent?.trim();
      const title = heading ? `${heading} · Club Ledger` : 'Club Ledger';
      if (document.title !== title) document.title = title;
    };
    retitle();
    const observer = new MutationObserver(retitle);
    observer.observe(container, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [main]);
}

/**
 * After a navigation inside the app, focus moves to the new page's main heading, as a page load would put a screen
 * reader at its top; pages that load their data show the heading later, so it is awaited briefly.
 */
export function useFocusHeadingOnNavigate(main: RefObject<HTMLElement | null>): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const container = main.current;
    if (!container) return;
    const focusHeading = () => {
      const heading = container.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      heading.tabIndex = -1;
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(container, { childList: true, subtree: true });
    const giveUp = setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      clearTimeout(giveUp);
    };
  }, [pathname, main]);
}
