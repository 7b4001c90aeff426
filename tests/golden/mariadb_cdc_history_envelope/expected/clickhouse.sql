-- ClickHouse tables for the customers_history pipeline (etl-gen 0.1.0, spec 69fe766d1b0f4aaa).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `audit`;

CREATE TABLE IF NOT EXISTS `audit`.`customers`
(
    `customer_id` Int64,
    `name` Nullable(String),
    `email` Nullable(String),
    `balance` Nullable(Float64),
    `signup_date` Nullable(Date),
    `updated_at` Nullable(DateTime64(3, 'UTC')),
    `_op` LowCardinality(String),
    `_version` UInt64,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
ORDER BY (`customer_id`, `_version`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `audit`.`customers`
-- MODIFY SETTING merge_selector_base = 8
