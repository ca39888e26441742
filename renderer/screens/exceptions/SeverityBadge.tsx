import type { ExceptionSeverity } from '../../../shared/domain/evidence.js';

export const severityLabels: Record<ExceptionSeverity, string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** The severity as a word and a shape (diamond, triangle, dot), never by colour alone. */
export const SeverityBadge = ({ severity }: { severity: ExceptionSeverity }) => (
  <span className={`severity severity-${severity}`} data-severity={severity}>
    {severityLabels[severity]}
  </span>
);
