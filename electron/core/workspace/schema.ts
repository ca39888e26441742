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
    content     BLOB NOT NULL,
    stored_at   TEXT NOT NULL
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
];

export const LATEST_SCHEMA_VERSION = migrations.length;

/** PRAGMA application_id of a Countersign workspace: 'CSGN'. */
export const APPLICATION_ID = 0x4353474e;
