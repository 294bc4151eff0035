import { useEffect, useState } from 'react';
import { currentViewer, onSessionChange, type Viewer } from './session';

/** The signed-in viewer, re-read whenever someone signs in or out. */
export function useViewer(): Viewer | null {
  const [viewer, setViewer] = useState(currentViewer);
  useEffect(() => onSessionChange(() => setViewer(currentViewer())), []);
  return viewer;
}
