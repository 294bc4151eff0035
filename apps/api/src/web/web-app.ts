import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';

/** Paths the API answers itself: the app never shadows them, not even with its index.html. */
const API_PREFIXES = ['/graphql', '/health', '/metrics', '/auth'];

/** Vite names every file under assets/ after its content hash, so a browser may keep it for good. */
export const ASSETS_PREFIX = '/assets';
export const ASSETS_MAX_AGE = '365d';

/** The page and its other top-level files (favicon…) change with each build under the same name: always revalidated. */
const REVALIDATE = 'no-cache';

type Next = (error?: unknown) => void;

/** The part of Express's response the fallback uses (Express ships no types of its own, and @types/express is not installed). */
interface FileResponse extends ServerResponse {
  sendFile(path: string, options: { root: string; headers: Record<string, string>; dotfiles: 'ignore' }, done: (error?: Error) => void): void;
}

export const hasWebBuild = (webDir: string): boolean => existsSync(join(webDir, 'index.html'));

const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * The single-page app's fallback, after the API's routes and the assets: a GET for a file of the build gets that
 * file, any other GET outside the API and assets/ gets index.html, so that a deep link (`/programs/xf-2026`)
 * works on reload. Everything else passes on, to the API's 404.
 */
export function webAppFallback(webDir: string) {
  return (request: IncomingMessage, response: ServerResponse, next: Next): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const path = pathOf(request.url);
    if (path === undefined || isUnder(path, ASSETS_PREFIX) || API_PREFIXES.some((prefix) => isUnder(path, prefix))) return next();
    const files = response as FileResponse;
    // `root` confines the file to the build (a `..` is refused, and lands on the page like any other miss).
    const send = (file: string, otherwise: () => void) =>
      files.sendFile(file, { root: webDir, headers: { 'Cache-Control': REVALIDATE }, dotfiles: 'ignore' }, (error) => {
        if (error && !response.headersSent) otherwise();
      });
    const index = () => send('index.html', next);
    if (path === '/') index();
    else send(path, index);
  };
}

/** The decoded path of a request URL (as Express routes it), or undefined when it does not decode. */
function pathOf(url: string | undefined): string | undefined {
  try {
    return decodeURIComponent((url ?? '/').split(/[?#]/)[0]);
  } catch {
    return undefined;
  }
}
