CREATE TABLE fleet_checkpoints (
  host            text        NOT NULL,
  seq             bigint      NOT NULL,
  time_ns         bigint      NOT NULL,
  hash            char(64)    NOT NULL,
  signature       bytea       NOT NULL,
  public_key      bytea       NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (host, seq, time_ns)
);
ALTER TABLE fleet_events
  ADD COLUMN end_ns            bigint,
  ADD COLUMN activity          text,
  ADD COLUMN asset_kind        text,
  ADD COLUMN path              text,
  ADD COLUMN pid               integer,
  ADD COLUMN uid               integer,
  ADD COLUMN user_name         text,
  ADD COLUMN exe               text,
  ADD COLUMN container_id      text,
  ADD COLUMN pod_uid           text,
  ADD COLUMN file_container_id text;
CREATE INDEX fleet_events_unfilled ON fleet_events (host, seq) WHERE end_ns IS NULL
