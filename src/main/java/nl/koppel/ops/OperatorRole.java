package nl.koppel.ops;

/** What an operator may do over JMX (RMI) and Jolokia: look, or also act. */
public enum OperatorRole {
    /** Read attributes only: see which offices are niet verbonden and why. */
    MONITOR,
    /** Also invoke operations (check now, sync now, pause, resume; Camel's route start/stop/suspend). */
    CONTROL;

    /** The Spring Security authority name (ROLE_MONITOR, ROLE_CONTROL). */
    public String authority() {
        return "ROLE_" + name();
    }
}
