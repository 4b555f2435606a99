package nl.koppel.sync;

import java.util.UUID;

/**
 * One claim of one dossier: the token is new with every claim, so a holder that stalled while another instance
 * (or another worker of the same one) claimed the dossier can no longer write anything of it. Every write of a
 * turn is fenced with it.
 */
public record DossierLease(UUID dossierId, UUID token) {
}
