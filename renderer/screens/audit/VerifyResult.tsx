import { ErrorNotice } from '../../components/ErrorNotice.js';
import { formatCount } from '../../components/format.js';
import { useAuditTrail } from '../../stores/auditTrail.js';

/** The outcome of walking the hash chain, shown prominently above the list. */
export const VerifyResult = ({ onShowEntry }: { onShowEntry(seq: number): void }) => {
  const verification = useAuditTrail((state) => state.verification);
  const verifying = useAuditTrail((state) => state.verifying);
  const error = useAuditTrail((state) => state.verifyError);

  if (error) return <ErrorNotice error={error} title="The chain could not be verified" />;
  if (verifying) {
    return (
      <p className="verify verify-running" role="status">
        Verifying the chain…
      </p>
    );
  }
  if (!verification) return null;
  if (verification.ok) {
    return (
      <div className="verify verify-ok" role="status" data-testid="verify-result">
        <p className="verify-title">
          Chain OK — {formatCount(verification.entries)} {verification.entries === 1 ? 'entry' : 'entries'}, head <code className="hash">{verification.head}</code>
        </p>
        <p className="verify-note">Every entry matches its hash and follows the one before it.</p>
      </div>
    );
  }
  const broken = verification.firstBroken;
  return (
    <div className="verify verify-broken" role="alert" data-testid="verify-result">
      <p className="verify-title">
        Chain broken at entry {broken?.seq ?? '?'}: {broken?.reason ?? 'unknown reason'}
      </p>
      <p className="verify-note">
        The workspace file was changed outside Countersign after this entry was written. Restore it from a backup copy.{' '}
        {broken ? (
          <button type="button" className="button button-small" onClick={() => onShowEntry(broken.seq)}>
            Show entry {broken.seq}
          </button>
        ) : null}
      </p>
    </div>
  );
};

const VerifyButton = () => {
  const verify = useAuditTrail((state) => state.verify);
  const verifying = useAuditTrail((state) => state.verifying);
  return (
    <button type="button" className="button button-primary" disabled={verifying} onClick={() => void verify()}>
      {verifying ? 'Verifying…' : 'Verify chain'}
    </button>
  );
};

VerifyResult.Button = VerifyButton;
