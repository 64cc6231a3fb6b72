package dev.aiaudit.store.pg;

/**
 * One record of one host as the fleet store keeps it.
 *
 * @param host host the record comes from (the Kafka key)
 * @param seq the host's journal seq
 * @param timeNs event time
 * @param classUid OCSF class
 * @param hash hex chain hash the host gave it
 * @param prevHash hex chain hash of the host's record seq - 1
 * @param hashOk whether the hash recomputed from prevHash and the record matched
 * @param json the OCSF JSON
 * @param event the decoded record, whose query columns are stored beside the JSON ({@link FleetColumns})
 * @param partition Kafka partition it was read from
 * @param offset Kafka offset
 */
public record FleetRow(String host, long seq, long timeNs, int classUid, String hash, String prevHash, boolean hashOk, String json,
    dev.aiaudit.model.Event event, int partition, long offset) {}
