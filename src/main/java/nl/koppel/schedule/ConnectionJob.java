package nl.koppel.schedule;

/** Work the cluster does per connected connection, once per interval, on one instance at a time. */
public enum ConnectionJob {
    /** Ask the accounting system who the linked user is (routes/link-check.camel.yaml). */
    LINK_CHECK,
    /** List the dossiers the linked user can access and apply the differences (routes/discovery.camel.yaml). */
    DISCOVERY
}
