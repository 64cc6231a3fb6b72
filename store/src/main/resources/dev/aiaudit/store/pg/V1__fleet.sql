CREATE TABLE fleet_events (
  host            text        NOT NULL,
  seq             bigint      NOT NULL,
  time_ns         bigint      NOT NULL,
  class_uid       integer     NOT NULL,
  hash            char(64)    NOT NULL,
  prev_hash       char(64)    NOT NULL,
  hash_ok         boolean     NOT NULL,
  record          jsonb       NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (host, seq)
);
CREATE INDEX fleet_events_time ON fleet_events (time_ns);
CREATE INDEX fleet_events_class ON fleet_events (class_uid);
CREATE TABLE fleet_hosts (
  host       text        PRIMARY KEY,
  head_seq   bigint      NOT NULL,
  head_hash  char(64)    NOT NULL,
  records    bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE fleet_chain_findings (
  id              bigserial   PRIMARY KEY,
  host            text        NOT NULL,
  seq             bigint      NOT NULL,
  kind            text        NOT NULL,
  detail          text        NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  found_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (host, seq, kind, kafka_partition, kafka_offset)
);
CREATE TABLE fleet_rejected (
  topic           text        NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  problem         text        NOT NULL,
  found_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
