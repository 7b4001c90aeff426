-- ClickHouse tables for the orders_cdc pipeline (etl-gen 0.1.0, spec 4c77b3917c280d3b).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `replica`;

CREATE TABLE IF NOT EXISTS `replica`.`orders`
(
    `order_id` Int64,
    `customer_id` Nullable(Int64),
    `order_date` Nullable(Date),
    `status` Nullable(String),
    `total_amount` Nullable(Float64),
    `created_at` Nullable(DateTime64(3, 'UTC')),
    `updated_at` Nullable(DateTime64(3, 'UTC')),
    `_version` UInt64,
    `_is_deleted` UInt8,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = ReplacingMergeTree(`_version`)
ORDER BY (`order_id`)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS `replica`.`order_items`
(
    `item_id` Int64,
    `order_id` Nullable(Int64),
    `product_id` Nullable(Int64),
    `quantity` Nullable(Int64),
    `price` Nullable(Float64),
    `created_at` Nullable(DateTime64(3, 'UTC')),
    `updated_at` Nullable(DateTime64(3, 'UTC')),
    `_version` UInt64,
    `_is_deleted` UInt8,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = ReplacingMergeTree(`_version`)
ORDER BY (`item_id`)
SETTINGS non_replicated_deduplication_window = 10000;
