package nl.koppel.connections;

/** The user inside the accounting system the sync user is linked to, e.g. {@code CX_Basecone}. */
public record AccountingSystemUser(String externalId, String username, String fullName) {
}
