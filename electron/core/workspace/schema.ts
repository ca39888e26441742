/**
 * Numbered migrations. Index i holds the SQL that takes a file from user_version i to i + 1.
 * Never edit a released migration: add a new one.
 */
export const migrations: readonly string[] = [
  // 1: the workspace itself, people, evidence blobs and the append-only audit chain.
  `
  CREATE TABLE workspace_profile (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    organisation  TEXT NOT NULL,
    frameworks    TEXT NOT NULL,
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    time_zone     TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    is_demo       INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE people (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT,
    role        TEXT NOT NULL CHECK (role IN ('owner', 'engineer', 'external_reviewer', 'auditor')),
    created_at  TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX people_email ON people (lower(email)) WHERE email IS NOT NULL;

  -- Evidence files, content-addressed so the same bytes are stored once.
  CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size        INTEGER NOT NULL,
    stored_at   TEXT NOT NULL
  ) STRICT;
  -- The bytes in 1 MiB chunks, so storing or reading a large file never needs a second whole copy in memory.
  CREATE TABLE blob_chunks (
    sha256   TEXT NOT NULL REFERENCES blobs (sha256),
    seq      INTEGER NOT NULL,
    content  BLOB NOT NULL,
    PRIMARY KEY (sha256, seq)
  ) STRICT;

  CREATE TABLE audit_log (
    seq            INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor_id       TEXT,
    actor_name     TEXT NOT NULL,
    action         TEXT NOT NULL,
    entity_type    TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    before_json    TEXT,
    after_json     TEXT,
    justification  TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
  ) STRICT;
  CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);

  -- The trail is append-only: history can only grow.
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be changed'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: entries cannot be deleted'); END;
  CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
    BEGIN SELECT RAISE(ABORT, 'evidence files are immutable'); END;
  CREATE TRIGGER blob_chunks_no_update BEFORE UPDATE ON blob_chunks
    BEGIN SELECT RAISE(ABORT, 'evidence files are immutable'); END;
  `,
  // 2: the compensating-control matrix, its guided builder and the policy statement versions.
  `
  CREATE TABLE matrix_requirements (
    id                     TEXT PRIMARY KEY,
    catalog_id             TEXT UNIQUE,
    title                  TEXT NOT NULL,
    duty_a                 TEXT NOT NULL,
    duty_b                 TEXT NOT NULL,
    risk_statement         TEXT NOT NULL,
    holder_a_id            TEXT REFERENCES people (id),
    holder_b_id            TEXT REFERENCES people (id),
    covered_by_acceptance  TEXT,
    position               INTEGER NOT NULL,
    created_at             TEXT NOT NULL
  ) STRICT;

  CREATE TABLE matrix_controls (
    id                     TEXT PRIMARY KEY,
    catalog_id             TEXT UNIQUE,
    title                  TEXT NOT NULL,
    description            TEXT NOT NULL,
    nature                 TEXT NOT NULL CHECK (nature IN ('preventive', 'detective')),
    automation             TEXT NOT NULL CHECK (automation IN ('automated', 'manual')),
    frequency              TEXT NOT NULL,
    evidence_kinds         TEXT NOT NULL,
    evidence_expected      TEXT NOT NULL,
    criteria               TEXT NOT NULL,
    owner_id               TEXT REFERENCES people (id),
    performer_id           TEXT REFERENCES people (id),
    reviewer_id            TEXT REFERENCES people (id),
    not_applicable_reason  TEXT,
    created_at             TEXT NOT NULL
  ) STRICT;

  -- Many to many: one control can compensate for several requirements.
  CREATE TABLE matrix_links (
    requirement_id  TEXT NOT NULL REFERENCES matrix_requirements (id) ON DELETE CASCADE,
    control_id      TEXT NOT NULL REFERENCES matrix_controls (id) ON DELETE CASCADE,
    rationale       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (requirement_id, control_id)
  ) STRICT;
  CREATE INDEX matrix_links_control ON matrix_links (control_id);

  CREATE TABLE matrix_wizard (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    step             TEXT NOT NULL,
    answers          TEXT NOT NULL,
    catalog_version  TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  ) STRICT;

  CREATE TABLE policy_versions (
    version              INTEGER PRIMARY KEY,
    text                 TEXT NOT NULL,
    generated            INTEGER NOT NULL,
    matrix_fingerprint   TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    created_by_id        TEXT,
    created_by_name      TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions
    BEGIN SELECT RAISE(ABORT, 'policy versions are immutable: save a new version'); END;
  CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions
    BEGIN SELECT RAISE(ABORT, 'policy versions are kept: save a new version'); END;
  `,
  // 3: evidence files with their provenance, the change records normalised from them, and exceptions.
  `
  CREATE TABLE evidence_items (
    id                 TEXT PRIMARY KEY,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL,
    file_name          TEXT NOT NULL,
    media_type         TEXT NOT NULL,
    size               INTEGER NOT NULL,
    sha256             TEXT NOT NULL REFERENCES blobs (sha256),
    source_system      TEXT NOT NULL,
    collection_method  TEXT NOT NULL,
    filters            TEXT,
    collected_at       TEXT NOT NULL,
    period_start       TEXT,
    period_end         TEXT,
    imported_at        TEXT NOT NULL,
    imported_by_id     TEXT,
    imported_by_name   TEXT NOT NULL,
    importer_version   TEXT NOT NULL,
    record_count       INTEGER NOT NULL,
    records_by_type    TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'not_ready'
                       CHECK (status IN ('not_ready', 'ready', 'approved', 'flagged', 'not_applicable')),
    comments           TEXT
  ) STRICT;
  -- The same bytes imported again as the same kind are recognised, not duplicated.
  CREATE UNIQUE INDEX evidence_items_bytes ON evidence_items (kind, sha256);
  CREATE INDEX evidence_items_imported ON evidence_items (imported_at);

  -- Many to many: one file can prove several controls.
  CREATE TABLE evidence_controls (
    evidence_id  TEXT NOT NULL REFERENCES evidence_items (id) ON DELETE CASCADE,
    control_id   TEXT NOT NULL REFERENCES matrix_controls (id) ON DELETE CASCADE,
    PRIMARY KEY (evidence_id, control_id)
  ) STRICT;
  CREATE INDEX evidence_controls_control ON evidence_controls (control_id);

  -- Commits on the default branch's first-parent line, as git shows them.
  CREATE TABLE git_commits (
    evidence_id      TEXT NOT NULL REFERENCES evidence_items (id),
    repo             TEXT NOT NULL,
    branch           TEXT NOT NULL,
    sha              TEXT NOT NULL,
    parents          TEXT NOT NULL,
    author_name      TEXT NOT NULL,
    author_email     TEXT NOT NULL,
    authored_at      TEXT NOT NULL,
    committer_name   TEXT NOT NULL,
    committer_email  TEXT NOT NULL,
    committed_at     TEXT NOT NULL,
    subject          TEXT NOT NULL,
    signature        TEXT NOT NULL,
    -- How the change reached the branch: pr-merge, squash-merge, web-ui, direct-push.
    arrival          TEXT NOT NULL,
    pr_number        INTEGER,
    PRIMARY KEY (repo, sha)
  ) STRICT;
  CREATE INDEX git_commits_committed ON git_commits (committed_at);
  CREATE INDEX git_commits_pr ON git_commits (repo, pr_number);

  -- Merged pull requests (GitHub) and merge requests (GitLab).
  CREATE TABLE pull_requests (
    evidence_id        TEXT NOT NULL REFERENCES evidence_items (id),
    provider           TEXT NOT NULL CHECK (provider IN ('github', 'gitlab')),
    repo               TEXT NOT NULL,
    number             INTEGER NOT NULL,
    title              TEXT NOT NULL,
    author             TEXT NOT NULL,
    author_is_bot      INTEGER NOT NULL,
    created_at         TEXT,
    merged_at          TEXT,
    merged_by          TEXT,
    base_branch        TEXT,
    head_sha           TEXT,
    merge_commit_sha   TEXT,
    url                TEXT,
    state              TEXT NOT NULL,
    PRIMARY KEY (provider, repo, number)
  ) STRICT;
  CREATE INDEX pull_requests_merged ON pull_requests (merged_at);
  CREATE INDEX pull_requests_merge_commit ON pull_requests (merge_commit_sha);

  CREATE TABLE pr_reviews (
    evidence_id      TEXT NOT NULL REFERENCES evidence_items (id),
    provider         TEXT NOT NULL,
    repo             TEXT NOT NULL,
    pr_number        INTEGER NOT NULL,
    review_id        TEXT NOT NULL,
    reviewer         TEXT NOT NULL,
    reviewer_is_bot  INTEGER NOT NULL,
    state            TEXT NOT NULL,
    submitted_at     TEXT,
    commit_sha       TEXT,
    PRIMARY KEY (provider, repo, pr_number, review_id)
  ) STRICT;

  CREATE TABLE ci_runs (
    evidence_id   TEXT NOT NULL REFERENCES evidence_items (id),
    provider      TEXT NOT NULL,
    repo          TEXT NOT NULL,
    run_id        TEXT NOT NULL,
    workflow      TEXT NOT NULL,
    head_sha      TEXT NOT NULL,
    branch        TEXT,
    event         TEXT,
    status        TEXT NOT NULL,
    conclusion    TEXT,
    started_at    TEXT,
    completed_at  TEXT,
    url           TEXT,
    PRIMARY KEY (provider, repo, run_id)
  ) STRICT;
  CREATE INDEX ci_runs_sha ON ci_runs (head_sha);

  CREATE TABLE deployments (
    evidence_id      TEXT NOT NULL REFERENCES evidence_items (id),
    provider         TEXT NOT NULL,
    repo             TEXT NOT NULL,
    deployment_id    TEXT NOT NULL,
    sha              TEXT NOT NULL,
    ref              TEXT,
    environment      TEXT NOT NULL,
    creator          TEXT,
    created_at       TEXT NOT NULL,
    latest_state     TEXT,
    latest_state_at  TEXT,
    PRIMARY KEY (provider, repo, deployment_id)
  ) STRICT;
  CREATE INDEX deployments_created ON deployments (created_at);

  -- Branch protection, rulesets, environment and approval settings, one row per observed setting set.
  CREATE TABLE protection_settings (
    evidence_id            TEXT NOT NULL REFERENCES evidence_items (id),
    provider               TEXT NOT NULL,
    repo                   TEXT NOT NULL,
    source                 TEXT NOT NULL,
    target                 TEXT NOT NULL,
    active                 INTEGER NOT NULL,
    required_approvals     INTEGER,
    admins_can_bypass      INTEGER,
    bypass_actors          TEXT NOT NULL,
    force_push_allowed     INTEGER,
    deletion_allowed       INTEGER,
    required_checks        TEXT NOT NULL,
    author_can_approve     INTEGER,
    observed_at            TEXT NOT NULL,
    detail                 TEXT NOT NULL
  ) STRICT;

  -- Pushes, force pushes and merges as the host's activity log records them.
  CREATE TABLE repo_activity (
    evidence_id    TEXT NOT NULL REFERENCES evidence_items (id),
    provider       TEXT NOT NULL,
    repo           TEXT NOT NULL,
    activity_id    TEXT NOT NULL,
    activity_type  TEXT NOT NULL,
    ref            TEXT NOT NULL,
    actor          TEXT,
    before_sha     TEXT,
    after_sha      TEXT,
    at             TEXT NOT NULL,
    PRIMARY KEY (provider, repo, activity_id)
  ) STRICT;

  -- Findings in the evidence, kept by fingerprint so a re-run updates rather than duplicates them.
  CREATE TABLE exceptions (
    id                  TEXT PRIMARY KEY,
    fingerprint         TEXT NOT NULL UNIQUE,
    rule                TEXT NOT NULL,
    severity            TEXT NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
    subject             TEXT NOT NULL,
    occurred_at         TEXT,
    explanation         TEXT NOT NULL,
    evidence            TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('open', 'no_longer_detected')),
    first_detected_at   TEXT NOT NULL,
    last_changed_at    TEXT NOT NULL
  ) STRICT;
  CREATE INDEX exceptions_rule ON exceptions (rule, severity);
  CREATE INDEX exceptions_status ON exceptions (status, severity);

  CREATE TABLE exception_controls (
    exception_id  TEXT NOT NULL REFERENCES exceptions (id) ON DELETE CASCADE,
    control_id    TEXT NOT NULL REFERENCES matrix_controls (id) ON DELETE CASCADE,
    PRIMARY KEY (exception_id, control_id)
  ) STRICT;
  CREATE INDEX exception_controls_control ON exception_controls (control_id);
  `,
  // 4: indexes the exception rules join on: a commit to the PR whose head it is, and to the push that
  // brought it (direct and force pushes are looked up by type and time).
  `
  CREATE INDEX pull_requests_head ON pull_requests (head_sha);
  CREATE INDEX repo_activity_after ON repo_activity (after_sha);
  CREATE INDEX repo_activity_type ON repo_activity (activity_type, at);
  -- An evidence item's records are listed page by page on the Evidence screen.
  CREATE INDEX git_commits_evidence ON git_commits (evidence_id);
  CREATE INDEX pull_requests_evidence ON pull_requests (evidence_id);
  CREATE INDEX pr_reviews_evidence ON pr_reviews (evidence_id);
  CREATE INDEX ci_runs_evidence ON ci_runs (evidence_id);
  CREATE INDEX deployments_evidence ON deployments (evidence_id);
  CREATE INDEX protection_settings_evidence ON protection_settings (evidence_id);
  CREATE INDEX repo_activity_evidence ON repo_activity (evidence_id);
  `,
];

export const LATEST_SCHEMA_VERSION = migrations.length;

/** PRAGMA application_id of a Countersign workspace: 'CSGN'. */
export const APPLICATION_ID = 0x4353474e;
