package nl.koppel.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After Koppel was killed (kill -9, OOM killer) its PostgreSQL keeps running and holds the data directory, so
 * the next start would fail on "lock file postmaster.pid already exists". Before the start, a postmaster that
 * still runs for Koppel's own data directory is stopped cleanly (fast shutdown: no data lost). A pid file of a
 * process that is gone is left to PostgreSQL, which removes it itself.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    private OrphanedPostmaster() {
    }

    /** Stops the postmaster that holds {@code dataDirectory}, if one runs; true when one was stopped. */
    static boolean stopIfRunning(PostgresBinaries binaries, Path dataDirectory) {
        Optional<Long> pid = runningPostmaster(dataDirectory);
        if (pid.isEmpty()) {
            return false;
        }
        List<String> command = binaries.command("pg_ctl", "stop", "-D", dataDirectory.toString(), "-m", "fast",
                "-w", "-t", "60");
        try {
            Process stop = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!stop.waitFor(90, TimeUnit.SECONDS) || stop.exitValue() != 0) {
                stop.destroyForcibly();
                throw new IllegalStateException("An orphaned PostgreSQL (pid " + pid.get() + ") holds "
                        + dataDirectory + " and did not stop; stop it (pg_ctl stop -D " + dataDirectory
                        + ") and start Koppel again");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not stop the orphaned PostgreSQL (pid " + pid.get() + ") of "
                    + dataDirectory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the orphaned PostgreSQL", e);
        }
        log.warn("Stopped an orphaned PostgreSQL (pid {}) that still held {} after Koppel ended without shutting it"
                + " down; starting it again", pid.get(), dataDirectory);
        return true;
    }

    /** The pid in postmaster.pid when that process is alive, a postgres, and runs on this very data directory. */
    static Optional<Long> runningPostmaster(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 2 || !lines.get(0).strip().matches("\\d+")) {
                return Optional.empty(); // half written: PostgreSQL itself judges it
            }
            long pid = Long.parseLong(lines.get(0).strip());
            Path itsDirectory = Path.of(lines.get(1).strip());
            boolean ours = Files.exists(itsDirectory) && Files.isSameFile(itsDirectory, dataDirectory);
            boolean postgres = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .flatMap(process -> process.info().command())
                    .filter(command -> Path.of(command).getFileName().toString().equals("postgres"))
                    .isPresent();
            return ours && postgres ? Optional.of(pid) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
