#!/bin/sh
# Creates the topics of the catalogue (contracts/src/main/java/io/fieldlink/contracts/Topics.java,
# docs/contracts.md) when they do not exist; an existing topic is left as it is.
# Used by deploy/k8s/topics-job.yaml and by docker-compose.yml (apache/kafka image).
#
#   KAFKA_BOOTSTRAP_SERVERS  e.g. kafka:9092 (SPRING_KAFKA_BOOTSTRAP_SERVERS is used when unset)
#   TOPIC_PARTITIONS         partitions of every topic (default 6, ingest-service's default). All topics get
#                            the same count: rules-service joins telemetry and acknowledge requests per device.
#   TOPIC_REPLICATION        replication factor; unset = the broker's default.replication.factor
#   KAFKA_COMMAND_CONFIG     optional client properties file (TLS/SASL) for kafka-topics.sh
set -eu

bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-${SPRING_KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}}"
partitions="${TOPIC_PARTITIONS:-6}"
topics_cmd="${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh"

create() {
  topic="$1"
  shift
  set -- --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" --partitions "$partitions" "$@"
  if [ -n "${TOPIC_REPLICATION:-}" ]; then
    set -- "$@" --replication-factor "$TOPIC_REPLICATION"
  fi
  if [ -n "${KAFKA_COMMAND_CONFIG:-}" ]; then
    set -- "$@" --command-config "$KAFKA_COMMAND_CONFIG"
  fi
  "$topics_cmd" "$@"
  echo "topic $topic: ok"
}

create iot.telemetry.v1
create iot.telemetry.dlq.v1
create iot.ingest.dlq.v1
create iot.alerts.v1
create iot.alert-acks.v1
create iot.commands.v1
create iot.rules.v1 --config cleanup.policy=compact
create iot.devices.v1 --config cleanup.policy=compact
create iot.rollouts.v1 --config cleanup.policy=compact
create iot.api-keys.v1 --config cleanup.policy=compact
create iot.notifications.dlq.v1
create iot.rules.dlq.v1
create iot.device-observations.v1
create iot.alerts.dlq.v1
create iot.command-status.dlq.v1
create iot.devices.dlq.v1
# the command journal: retention must exceed the longest command time to live (docs/commands.md); 7 days
create iot.command-status.v1 --config retention.ms=604800000
