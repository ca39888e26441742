import type { MethodName } from '../../shared/contract/index.js';
import type { Handler } from './handlerTypes.js';
import { evidenceHandlers } from './evidence/handlers.js';
import { matrixHandlers } from './matrix/handlers.js';
import { peopleHandlers } from './people/handlers.js';
import { platformHandlers } from './platform/handlers.js';
import { workspaceHandlers } from './workspace/handlers.js';

/** Every contract method and its handler; leaving one out fails to compile. */
export const handlers: { [M in MethodName]: Handler<M> } = {
  ...platformHandlers,
  ...workspaceHandlers,
  ...peopleHandlers,
  ...matrixHandlers,
  ...evidenceHandlers,
};
