-- ClickHouse tables for the top_pages pipeline (etl-gen 0.1.0, spec 30fa430a800d5163).
-- The processor runs these statements itself at start-up; they are here for review and for
-- provisioning by hand. Inserts use insert_deduplication_token and async_insert=0.

CREATE DATABASE IF NOT EXISTS `web`;

CREATE TABLE IF NOT EXISTS `web`.`top_pages`
(
    `window_start` DateTime64(3, 'UTC'),
    `window_end` DateTime64(3, 'UTC'),
    `page_url` String,
    `views` Int64,
    `visitors` Int64
)
ENGINE = ReplacingMergeTree
ORDER BY (`window_start`, `page_url`)
SETTINGS non_replicated_deduplication_window = 10000;
