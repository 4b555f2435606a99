package nl.koppel.office;

/** What a user may do. PLATFORM is the platform's service account that provisions offices; it has no office. */
public enum Role {
    PLATFORM,
    SUPERGEBRUIKER,
    ACCOUNTANT,
    GEBRUIKER;

    /** Adding an accounting system, changing its sync user and adding dossiers need one of these roles. */
    public boolean mayManageAccountingSystems() {
        return this == SUPERGEBRUIKER || this == ACCOUNTANT;
    }
}
