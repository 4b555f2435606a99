package nl.koppel.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the embedded PostgreSQL's programs are unpacked: a folder of Koppel's own (owner-only, not the shared
 * {@code /tmp/embedded-pg}), so no other user can replace them. Being a resolver of its own per folder also keeps
 * zonky's per-JVM cache from handing out another folder's copy.
 */
record PostgresBinaries(Path workingDirectory) implements PgBinaryResolver {

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    }

    /**
     * The command line for one of the programs (pg_ctl, postgres), run the way zonky runs them: in a user
     * namespace of its own when Koppel runs as root, since PostgreSQL refuses to run as root.
     */
    List<String> command(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binDirectory().resolve(program).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    /** {@code <working directory>/PG-<digest>/bin}, the newest unpacked copy (zonky names it after the archive). */
    private Path binDirectory() {
        try (Stream<Path> unpacked = Files.list(workingDirectory)) {
            return unpacked.filter(dir -> dir.getFileName().toString().startsWith("PG-"))
                    .filter(dir -> Files.isExecutable(dir.resolve("bin/pg_ctl")))
                    .max(Comparator.comparing(dir -> dir.toFile().lastModified()))
                    .map(dir -> dir.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL programs unpacked in "
                            + workingDirectory));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + workingDirectory + ": " + e.getMessage(), e);
        }
    }
}
