package nl.koppel.office;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OfficeRepository {

    private final JdbcClient jdbc;

    public OfficeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Office insert(String name) {
        return jdbc.sql("INSERT INTO office (id, name) VALUES (:id, :name) RETURNING id, name, created_at")
                .param("id", UUID.randomUUID()).param("name", name)
                .query(OfficeRepository::map).single();
    }

    public Optional<Office> find(UUID id) {
        return jdbc.sql("SELECT id, name, created_at FROM office WHERE id = :id")
                .param("id", id).query(OfficeRepository::map).optional();
    }

    public Optional<Office> findByName(String name) {
        return jdbc.sql("SELECT id, name, created_at FROM office WHERE name = :name ORDER BY created_at LIMIT 1")
                .param("name", name).query(OfficeRepository::map).optional();
    }

    private static Office map(ResultSet rs, int row) throws SQLException {
        return new Office(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
