import type { RecentWorkspace } from '../../../shared/domain/workspace.js';
import { formatInstant, localTimeZone } from '../../components/format.js';

interface Props {
  recent: RecentWorkspace[];
  disabled: boolean;
  onOpen(path: string): void;
  onForget(path: string): void;
}

export const RecentList = ({ recent, disabled, onOpen, onForget }: Props) => (
  <ul className="recent-list">
    {recent.map((item) => (
      <li key={item.path} className={`recent-item${item.exists ? '' : ' recent-missing'}`}>
        <div className="recent-text">
          <span className="recent-org">{item.organisation}</span>
          <span className="recent-path" title={item.path}>
            {item.path}
          </span>
          <span className="recent-when">
            {item.exists ? `Opened ${formatInstant(item.openedAt, localTimeZone())}` : 'The file is no longer there'}
          </span>
        </div>
        <div className="recent-actions">
          {item.exists ? (
            <button type="button" className="button" disabled={disabled} onClick={() => onOpen(item.path)} aria-label={`Open ${item.organisation} (${item.path})`}>
              Open
            </button>
          ) : null}
          <button type="button" className="button button-quiet" onClick={() => onForget(item.path)} aria-label={`Forget ${item.organisation} (${item.path})`}>
            Forget
          </button>
        </div>
      </li>
    ))}
  </ul>
);
