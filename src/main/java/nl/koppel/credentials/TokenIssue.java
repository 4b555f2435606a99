package nl.koppel.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * Which token a call used, without the token itself (it travels with the failure and may be logged): the link it
 * belongs to, when it was obtained and when it expires.
 */
public record TokenIssue(UUID connectionId, long linkGeneration, Instant obtainedAt, Instant expiresAt) {
}
