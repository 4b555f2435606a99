package nl.koppel.simulator.exactonline;

import java.util.Objects;
import java.util.UUID;

/** A user of the accounting system, as Exact's {@code current/Me} describes them. */
public record AccountingUser(
        UUID userId,
        String userName,
        String fullName,
        String email,
        int currentDivision,
        String languageCode,
        String legislation) {

    public AccountingUser {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        if (userName.isBlank()) {
            throw new IllegalArgumentException("userName must not be blank");
        }
        fullName = fullName == null ? userName : fullName;
        email = email == null ? userName.toLowerCase() + "@example.nl" : email;
        languageCode = languageCode == null ? "nl-NL" : languageCode;
        legislation = legislation == null ? "NL" : legislation;
    }

    /** A Dutch user with a random UserID. */
    public static AccountingUser of(String userName, String fullName, String email, int currentDivision) {
        return new AccountingUser(UUID.randomUUID(), userName, fullName, email, currentDivision, "nl-NL", "NL");
    }
}
