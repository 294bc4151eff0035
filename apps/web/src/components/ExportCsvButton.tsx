import { useState } from 'react';
import { currentToken } from '../auth/session';

/**
 * "Export CSV": downloads one of the API's exports with the signed-in user's token (a plain link could not carry
 * it), then hands the file to the browser as a download.
 */
export function ExportCsvButton({ path, filename, label = 'Export CSV' }: { path: string; filename: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'busy' | string>('idle');
  const download = async () => {
    setState('busy');
    try {
      const response = await fetch(path, { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
      if (!response.ok) throw new Error(response.status === 403 ? 'You may not export this.' : `The export failed (${response.status}).`);
      const url = URL.createObjectURL(await response.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: filename });
      link.click();
      URL.revokeObjectURL(url);
      setState('idle');
    } catch (error) {
      setState(error instanceof Error ? error.message : 'The export failed.');
    }
  };
  return (
    <span className="export-csv">
      <button type="button" onClick={() => void download()} disabled={state === 'busy'}>
        {state === 'busy' ? 'Exporting…' : label}
      </button>
      {state !== 'idle' && state !== 'busy' && (
        <span role="alert" className="hint">
          {state}
        </span>
      )}
    </span>
  );
}
