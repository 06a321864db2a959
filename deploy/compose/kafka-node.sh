#!/bin/bash
# One node of the compose cluster (Apache Kafka's own image): broker and controller in one
# process, as `jeugdhub kafka start --brokers 3` runs them (jeugdhub/localkafka/config.py
# says why each setting): SCRAM-SHA-512 for clients and between brokers, PLAIN with the
# admin alone on the controller listener (KRaft cannot check SCRAM there), no access where
# no ACL allows it, replication factor 3 and min.insync.replicas 2. The storage is
# formatted once, with the admin's SCRAM credential in the metadata log.
set -euo pipefail
admin=jeugdhub-admin
password="$(cat /run/secrets/kafka_admin_password)"
config=/tmp/server.properties
scram=org.apache.kafka.common.security.scram.ScramLoginModule
plain=org.apache.kafka.common.security.plain.PlainLoginModule
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=${NODE_ID}
controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
listeners=CLIENT://:9092,CONTROLLER://:9093
advertised.listeners=CLIENT://kafka-${NODE_ID}:9092
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
inter.broker.listener.name=CLIENT
controller.listener.names=CONTROLLER
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=${scram} required username="${admin}" password="${password}";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=${plain} required username="${admin}" password="${password}" user_${admin}="${password}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:${admin}
allow.everyone.if.no.acl.found=false
log.dirs=/var/lib/kafka/data
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
auto.create.topics.enable=false
PROPERTIES
chmod 600 "$config"
/opt/kafka/bin/kafka-storage.sh format --cluster-id "${CLUSTER_ID}" --config "$config" \
  --ignore-formatted --add-scram "SCRAM-SHA-512=[name=${admin},password=${password}]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
