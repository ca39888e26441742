import { Placeholder } from '../../components/Placeholder.js';

/** Not built yet: says what will be here. Replaced when this capability lands. */
export const ExportScreen = () => (
  <Placeholder title="Export">
    The auditor-ready package: a PDF laid out like a SOC 2 report, with the evidence files attached, a SHA-256 manifest and the audit-trail head hash, so the auditor can verify it without a login. Not built yet.
  </Placeholder>
);
