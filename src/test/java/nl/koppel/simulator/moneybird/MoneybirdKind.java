package nl.koppel.simulator.moneybird;

/** The master data the Moneybird simulator keeps per administration, named as in Moneybird's API paths. */
public enum MoneybirdKind {
    CONTACTS("contacts"),
    LEDGER_ACCOUNTS("ledger_accounts"),
    TAX_RATES("tax_rates");

    final String path;

    MoneybirdKind(String path) {
        this.path = path;
    }
}
