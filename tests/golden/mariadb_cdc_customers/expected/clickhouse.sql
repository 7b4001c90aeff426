-- ClickHouse tables for the customers_cdc pipeline (etl-gen 0.1.0, spec f85238288e76592c).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `replica`;

CREATE TABLE IF NOT EXISTS `replica`.`customers`
(
    `customer_id` Int64,
    `name` Nullable(String),
    `email` Nullable(String),
    `balance` Nullable(Float64),
    `signup_date` Nullable(Date),
    `updated_at` Nullable(DateTime64(3, 'UTC')),
    `_version` UInt64,
    `_is_deleted` UInt8,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = ReplacingMergeTree(`_version`, `_is_deleted`)
ORDER BY (`customer_id`)
SETTINGS non_replicated_deduplication_window = 10000;
