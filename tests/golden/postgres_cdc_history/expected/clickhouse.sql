-- ClickHouse tables for the accounts_history pipeline (etl-gen 0.1.0, spec cb66d4c6f1d3f4e7).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `audit`;

CREATE TABLE IF NOT EXISTS `audit`.`accounts`
(
    `account_id` Int64,
    `owner` Nullable(String),
    `balance` Nullable(Float64),
    `updated_at` Nullable(DateTime64(3, 'UTC')),
    `_op` LowCardinality(String),
    `_version` UInt64,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
ORDER BY (`account_id`, `_version`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `audit`.`accounts`
-- MODIFY SETTING merge_selector_base = 8
