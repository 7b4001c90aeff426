-- ClickHouse tables for the clickstream_sessions pipeline (etl-gen 0.1.0, spec b417e94835522ccd).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `analytics`;

CREATE TABLE IF NOT EXISTS `analytics`.`clickstream_events`
(
    `event_id` String,
    `event_type` String,
    `user_id` Int64,
    `session_id` String,
    `timestamp` DateTime64(3, 'UTC'),
    `page_url` Nullable(String),
    `referrer` Nullable(String),
    `user_agent` Nullable(String),
    `ip_address` Nullable(String),
    `country` Nullable(String),
    `city` Nullable(String),
    `properties` Nullable(String),
    `user_email` Nullable(String),
    `user_segment` Nullable(String),
    `user_signup_date` Nullable(Date),
    `session_key` String,
    `session_start` DateTime64(3, 'UTC'),
    `session_duration_ms` Int64,
    `session_event_count` Int64,
    `session_distinct_page_url` Int64,
    `_kafka_topic` LowCardinality(String),
    `_kafka_partition` UInt32,
    `_kafka_offset` UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(`timestamp`)
ORDER BY (`timestamp`, `user_id`, `event_id`)
SETTINGS non_replicated_deduplication_window = 10000;

-- On the embedded engine (chdb://) only, the processor also runs (never on a server):
-- ALTER TABLE `analytics`.`clickstream_events`
-- MODIFY SETTING merge_selector_base = 8
