-- The grants Debezium's MySQL/MariaDB connectors document, for the etl user (docker-compose.yml;
-- stack.py runs the same statements itself).
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'etl'@'%';
GRANT ALL PRIVILEGES ON `etl`.* TO 'etl'@'%';
