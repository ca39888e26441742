import { useEffect, useState } from 'react';
import { api } from '../api/client.js';

/** A thin bar at the top of the window while calls are in flight (after a short delay, so quick calls do not flicker). */
export const BusyBar = () => {
  const [pending, setPending] = useState(0);
  const [visible, setVisible] = useState(false);

  useEffect(() => api.onBusy(setPending), []);
  useEffect(() => {
    if (pending === 0) {
      setVisible(false);
      return;
    }
    const timer = setTimeout(() => setVisible(true), 150);
    return () => clearTimeout(timer);
  }, [pending]);

  return visible ? <div className="busy-bar" role="progressbar" aria-label="Working" /> : null;
};
