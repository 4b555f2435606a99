package nl.koppel.office;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OfficeUserRepository {

    private static final String COLUMNS = "id, office_id, username, name, email, role, language";

    private final JdbcClient jdbc;

    public OfficeUserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public OfficeUser insert(OfficeUser user, String passwordHash) {
        jdbc.sql("""
                INSERT INTO app_user (id, office_id, username, name, email, role, language, password_hash)
                VALUES (:id, :officeId, :username, :name, :email, :role, :language, :hash)""")
                .param("id", user.id())
                .param("officeId", user.officeId())
                .param("username", user.username())
                .param("name", user.name())
                .param("email", user.email())
                .param("role", user.role().name())
                .param("language", user.language().code())
                .param("hash", passwordHash)
                .update();
        return user;
    }

    public Optional<OfficeUser> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE id = :id")
                .param("id", id).query(OfficeUserRepository::map).optional();
    }

    /** The office's users, by name. */
    public java.util.List<OfficeUser> findByOffice(UUID officeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE office_id = :officeId ORDER BY name, id")
                .param("officeId", officeId).query(OfficeUserRepository::map).list();
    }

    /** The office's users with the role, oldest first. */
    public java.util.List<OfficeUser> findByOfficeAndRole(UUID officeId, Role role) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE office_id = :officeId AND role = :role"
                        + " ORDER BY created_at, id")
                .param("officeId", officeId).param("role", role.name()).query(OfficeUserRepository::map).list();
    }

    public Optional<OfficeUser> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM app_user WHERE username = :username")
                .param("username", username).query(OfficeUserRepository::map).optional();
    }

    public boolean usernameTaken(String username) {
        return jdbc.sql("SELECT count(*) FROM app_user WHERE username = :username")
                .param("username", username).query(Integer.class).single() > 0;
    }

    /** The stored bcrypt hash, for authentication only. */
    public Optional<String> passwordHash(String username) {
        return jdbc.sql("SELECT password_hash FROM app_user WHERE username = :username")
                .param("username", username).query(String.class).optional();
    }

    public void updatePasswordHash(UUID id, String passwordHash) {
        jdbc.sql("UPDATE app_user SET password_hash = :hash WHERE id = :id")
                .param("hash", passwordHash).param("id", id).update();
    }

    static OfficeUser map(ResultSet rs, int row) throws SQLException {
        return new OfficeUser(rs.getObject("id", UUID.class), rs.getObject("office_id", UUID.class),
                rs.getString("username"), rs.getString("name"), rs.getString("email"),
                Role.valueOf(rs.getString("role")), Language.fromCode(rs.getString("language")));
    }
}
