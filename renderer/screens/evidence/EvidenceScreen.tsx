import { Placeholder } from '../../components/Placeholder.js';

/** Not built yet: says what will be here. Replaced when this capability lands. */
export const EvidenceScreen = () => (
  <Placeholder title="Evidence">
    The evidence that proves each control, imported from its source (Git, code review, CI, logs, infrastructure as code) with how it was collected, the period it covers and its SHA-256, each item linked to every control it proves. Not built yet.
  </Placeholder>
);
