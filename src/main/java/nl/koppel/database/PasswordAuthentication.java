package nl.koppel.database;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded PostgreSQL ask for the password (scram-sha-256) instead of trusting anyone on this machine,
 * as zonky's initdb sets it up. Before each start the superuser's password is set from the password file (the
 * file is the truth, also for a data directory made by an older Koppel with {@code trust}) and pg_hba.conf is
 * rewritten to scram-sha-256 only. The password goes to PostgreSQL as a SCRAM verifier, never in clear text.
 */
final class PasswordAuthentication {

    static final String PG_HBA = """
            # Written by Koppel at every start: every connection signs in with the password (scram-sha-256);
            # edits here are overwritten.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private static final Logger log = LoggerFactory.getLogger(PasswordAuthentication.class);

    private PasswordAuthentication() {
    }

    /** Run while the server is down: sets the superuser's password and rewrites pg_hba.conf. */
    static void require(PostgresBinaries binaries, Path dataDirectory, String superuser, String password) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        try {
            boolean trusted = !Files.readString(hba).equals(PG_HBA);
            setPassword(binaries, dataDirectory, superuser, password);
            Files.writeString(hba, PG_HBA);
            if (trusted) {
                log.info("The embedded PostgreSQL in {} now asks every connection for its password"
                        + " (scram-sha-256 in pg_hba.conf)", dataDirectory);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not set up password sign-in of the embedded PostgreSQL in "
                    + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /** PostgreSQL's single-user mode: no network, no sign-in; the statement goes in on stdin, not the command. */
    private static void setPassword(PostgresBinaries binaries, Path dataDirectory, String superuser, String password)
            throws IOException {
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        List<String> command = binaries.command("postgres", "--single", "-D", dataDirectory.toString(), "postgres");
        Process backend = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream statement = backend.getOutputStream()) {
            statement.write(("ALTER ROLE \"" + superuser + "\" PASSWORD '" + verifier + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!backend.waitFor(120, TimeUnit.SECONDS)) {
                backend.destroyForcibly();
                throw new IOException("setting the password took longer than 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the password", e);
        }
        // its output can hold the statement (with the verifier), so only the exit code is told
        if (backend.exitValue() != 0) {
            throw new IOException("PostgreSQL's single-user mode ended with exit code " + backend.exitValue()
                    + " (is another server still running on " + dataDirectory + "?)");
        }
    }
}
