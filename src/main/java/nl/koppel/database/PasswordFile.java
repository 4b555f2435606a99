package nl.koppel.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's superuser password: made once (SecureRandom, 256 bits) and kept in a file only the
 * owner can read, in a folder only the owner can enter. Its value is never logged.
 */
final class PasswordFile {

    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final Logger log = LoggerFactory.getLogger(PasswordFile.class);

    private PasswordFile() {
    }

    /** The password in {@code file}; made first when there is none. */
    static String readOrCreate(Path file) throws IOException {
        ownerOnlyDirectory(file.getParent());
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
                Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
                log.info("Made a password for the embedded PostgreSQL, kept in {} (owner only)", file);
                return password;
            } catch (FileAlreadyExistsException raced) {
                // another start made it first: use that one
            }
        }
        if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            log.warn("{} could be read by others; it is owner-only again", file);
        }
        String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty: remove it, and the embedded PostgreSQL's"
                    + " password is made anew at the next start");
        }
        return password;
    }

    /** Makes the folder (and missing parents); the folder itself is owner-only. */
    static void ownerOnlyDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
        }
    }
}
