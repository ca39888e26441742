import type { ReactNode } from 'react';

interface Props {
  title: string;
  /** What will appear here, in one or two plain sentences. */
  children: ReactNode;
}

/** A section that is not built yet: says what will be here, and nothing more. */
export const Placeholder = ({ title, children }: Props) => (
  <section className="screen" aria-labelledby="screen-title">
    <header className="screen-header">
      <h1 id="screen-title">{title}</h1>
      <span className="badge badge-muted">Not built yet</span>
    </header>
    <div className="placeholder" role="note">
      <p>{children}</p>
    </div>
  </section>
);
