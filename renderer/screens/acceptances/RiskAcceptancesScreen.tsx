import { Placeholder } from '../../components/Placeholder.js';

/** Not built yet: says what will be here. Replaced when this capability lands. */
export const RiskAcceptancesScreen = () => (
  <Placeholder title="Risk acceptances">
    Signed acceptances of the residual risk that segregation of duties cannot remove: the requirement that cannot be met, the risks, the compensating controls, the residual rating, expiry, and management's signature with the reviewer's countersignature. Not built yet.
  </Placeholder>
);
