import type { EvidenceKind } from '../../../../shared/domain/evidenceKinds.js';
import { gitImporter } from './git.js';
import { githubDeploymentsImporter } from './githubDeployments.js';
import { githubProtectionImporter } from './githubProtection.js';
import { githubPullRequestsImporter } from './githubPullRequests.js';
import { githubRunsImporter } from './githubRuns.js';
import { gitlabMergeRequestsImporter } from './gitlabMergeRequests.js';
import { gitlabPipelinesImporter } from './gitlabPipelines.js';
import type { Importer } from './importer.js';

/** The importers built so far; a kind without one is refused with a clear message. */
export const importers: readonly Importer[] = [
  gitImporter,
  githubPullRequestsImporter,
  githubRunsImporter,
  githubDeploymentsImporter,
  githubProtectionImporter,
  gitlabMergeRequestsImporter,
  gitlabPipelinesImporter,
];

export const findImporter = (kind: EvidenceKind): Importer | undefined => importers.find((importer) => importer.kind === kind);
