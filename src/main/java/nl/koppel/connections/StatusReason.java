package nl.koppel.connections;

/** Why a connection has its status: machine-readable, stable, shown next to the label. */
public enum StatusReason {
    /** Connected: the sync user made the link. */
    LINKED,
    /** Not connected: nobody has made the link yet. */
    NEVER_LINKED,
    /** The accounting system no longer accepts the grant (revoked, or the API answers 401). */
    CREDENTIALS_REVOKED,
    /** The refresh token ran out unused; only a new login helps. */
    REFRESH_TOKEN_EXPIRED,
    /** The refresh token was refused (an old one in a rotated chain, or a broken chain). */
    REFRESH_TOKEN_INVALID,
    /** The accounting-system user was disabled. */
    USER_DISABLED,
    /** The office named another sync user; the old link was dropped until the new one links. */
    SYNC_USER_CHANGED,
    /**
     * A system linked by connection key: no key of the connection works any more (each was refused); a new key
     * links it again.
     */
    CONNECTION_KEYS_REJECTED
}
