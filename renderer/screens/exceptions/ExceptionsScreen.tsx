import { Placeholder } from '../../components/Placeholder.js';

/** Not built yet: says what will be here. Replaced when this capability lands. */
export const ExceptionsScreen = () => (
  <Placeholder title="Exceptions">
    The exceptions found in the evidence before an auditor finds them — a change merged without independent approval, a direct push to the default branch, branch protection switched off — each with its severity, root cause and remediation. Not built yet.
  </Placeholder>
);
