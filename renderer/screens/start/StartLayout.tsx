import type { ReactNode } from 'react';
import { useSession } from '../../stores/session.js';

/** The frame of the screens shown before a workspace is open. */
export const StartLayout = ({ children, title }: { children: ReactNode; title?: string }) => {
  const appInfo = useSession((state) => state.appInfo);
  return (
    <div className="start">
      <header className="start-header">
        <div className="brand">
          <img src="./icon.svg" alt="" width={36} height={36} />
          <div>
            <p className="brand-name">Countersign</p>
            <p className="brand-tagline">Segregation of duties, proven — for teams of one.</p>
          </div>
        </div>
        {appInfo ? (
          <p className="muted start-version">
            Version {appInfo.version} · {appInfo.mode === 'desktop' ? 'desktop app' : 'browser mode'}
          </p>
        ) : null}
      </header>
      <main className="start-main" aria-label={title ?? 'Start'}>
        {title ? <h1 className="start-title">{title}</h1> : <h1 className="start-title">Welcome to Countersign</h1>}
        {children}
      </main>
    </div>
  );
};
