import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { CallError } from '../../api/client.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useMatrix } from '../../stores/matrix.js';
import { useSession } from '../../stores/session.js';
import { Builder } from './builder/Builder.js';
import { stepLabels } from './labels.js';
import './matrix.css';
import { PolicyTab } from './policy/PolicyTab.js';
import { MatrixTab, openControlAnywhere, type Selection } from './table/MatrixTab.js';

type View = 'matrix' | 'builder' | 'policy';
const views: { id: View; label: string }[] = [
  { id: 'matrix', label: 'Matrix' },
  { id: 'builder', label: 'Guided builder' },
  { id: 'policy', label: 'Policy text' },
];

/**
 * The Matrix section: the compensating-control matrix, the guided builder that proposes it, and the
 * policy statement written from it. Opens where the person left off: in the builder at its saved
 * step while it is unfinished, otherwise on the matrix.
 */
export const MatrixScreen = () => {
  const path = useSession((state) => state.workspace?.path ?? null);
  const matrix = useMatrix((state) => state.matrix);
  const loadError = useMatrix((state) => state.error);
  const { load, saveWizard, setProposal } = useMatrix.getState();
  const [view, setView] = useState<View | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [builderKey, setBuilderKey] = useState(0);
  const [restartError, setRestartError] = useState<CallError | null>(null);
  const [restarting, setRestarting] = useState(false);
  const tabRefs = useRef<Partial<Record<View, HTMLButtonElement | null>>>({});

  useEffect(() => {
    if (!path) return;
    let live = true;
    setView(null);
    void load(path).then(() => {
      if (!live) return;
      const loaded = useMatrix.getState().matrix;
      setView(loaded?.wizard && loaded.wizard.step !== 'done' ? 'builder' : 'matrix');
    });
    return () => {
      live = false;
    };
  }, [path, load]);

  const show = (next: View) => {
    setView(next);
    if (next !== 'matrix') setSelection(null);
  };

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: views.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = views[(target + views.length) % views.length];
    if (!next) return;
    show(next.id);
    tabRefs.current[next.id]?.focus();
  };

  /** "Run the guided builder again": back to its first step with the answers given last time. */
  const runAgain = async () => {
    setRestarting(true);
    setRestartError(null);
    setProposal(null);
    const result = await saveWizard('organisation', matrix?.wizard?.answers ?? {});
    setRestarting(false);
    if (!result.ok) return setRestartError(result.error);
    setBuilderKey((key) => key + 1);
    show('builder');
  };

  /** A builder never started, or unfinished, opens where it is; a finished one starts again. */
  const startBuilder = async () => {
    if (matrix?.wizard?.step !== 'done') return show('builder');
    await runAgain();
  };

  const wizardStep = matrix?.wizard?.step ?? null;
  const inProgress = wizardStep !== null && wizardStep !== 'done';

  return (
    <section className="screen matrix-screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <div>
          <h1 id="screen-title">Matrix</h1>
          <p className="screen-intro">
            For each segregation-of-duties requirement one person cannot meet alone: the compensating controls, the SOC 2 and ISO 27001 criteria they answer, the
            evidence that proves them, and who performs and independently reviews each.
          </p>
        </div>
        {matrix && matrix.requirements.length > 0 && view !== 'builder' ? (
          <button type="button" className="button" disabled={restarting} onClick={() => void (inProgress ? show('builder') : runAgain())}>
            {inProgress && wizardStep ? `Continue the guided builder (${stepLabels[wizardStep]})` : restarting ? 'Opening…' : 'Run the guided builder again'}
          </button>
        ) : null}
      </header>

      {loadError ? <ErrorNotice error={loadError} /> : null}
      {restartError ? <ErrorNotice error={restartError} onDismiss={() => setRestartError(null)} /> : null}

      <div role="tablist" aria-label="Matrix views" className="tabs">
        {views.map((tab, index) => (
          <button
            key={tab.id}
            ref={(element) => {
              tabRefs.current[tab.id] = element;
            }}
            type="button"
            role="tab"
            id={`matrix-tab-${tab.id}`}
            aria-selected={view === tab.id}
            aria-controls={`matrix-panel-${tab.id}`}
            tabIndex={view === tab.id || (view === null && index === 0) ? 0 : -1}
            className={`tab${view === tab.id ? ' tab-active' : ''}`}
            onClick={() => show(tab.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {tab.label}
            {tab.id === 'builder' && inProgress ? <span className="badge badge-accent">In progress</span> : null}
          </button>
        ))}
      </div>

      {matrix === null || view === null ? (
        !loadError ? (
          <p className="muted" role="status">
            Loading the matrix…
          </p>
        ) : null
      ) : (
        <div role="tabpanel" id={`matrix-panel-${view}`} aria-labelledby={`matrix-tab-${view}`} className="tab-panel">
          {view === 'matrix' ? <MatrixTab matrix={matrix} selection={selection} onSelect={setSelection} onStartBuilder={() => void startBuilder()} /> : null}
          {view === 'builder' ? (
            <Builder
              key={builderKey}
              onOpenMatrix={() => show('matrix')}
              onOpenPolicy={() => show('policy')}
              onOpenControl={(controlId) => {
                show('matrix');
                openControlAnywhere(matrix, controlId, setSelection);
              }}
            />
          ) : null}
          {view === 'policy' ? <PolicyTab /> : null}
        </div>
      )}
    </section>
  );
};
