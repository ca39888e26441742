import { Placeholder } from '../../components/Placeholder.js';

/** Not built yet: says what will be here. Replaced when this capability lands. */
export const ReviewsScreen = () => (
  <Placeholder title="Reviews">
    The external reviewer's sessions: scope, populations and samples reviewed, the result for each control, findings with management responses, and both sign-offs. Not built yet.
  </Placeholder>
);
