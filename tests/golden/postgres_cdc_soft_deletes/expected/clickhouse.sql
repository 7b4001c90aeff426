-- ClickHouse tables for the users_cdc pipeline (etl-gen 0.1.0, spec a41b07d41948b163).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `replica`;

CREATE TABLE IF NOT EXISTS `replica`.`users_current`
(
    `user_id` Int64,
    `email` Nullable(String),
    `signup_date` Nullable(Date),
    `_version` UInt64,
    `_is_deleted` UInt8,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = ReplacingMergeTree(`_version`)
ORDER BY (`user_id`)
SETTINGS non_replicated_deduplication_window = 10000;
