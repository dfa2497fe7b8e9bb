package io.pactum.xa.jta;

import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.XAConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The transaction manager and the second resource that Pactum's XA support is tested with (Narayana and H2's
 * XADataSource) work together in this build: commit, rollback and rollback-only, each deciding the database's state.
 */
class NarayanaBaselineTest {
    @TempDir
    static Path dir;
    private static TransactionManager tm;
    private static JdbcDataSource xaDataSource;

    @BeforeAll
    static void setUp() throws Exception {
        PactumJta.configureNarayana("pactum-xa-test", dir.resolve("tx-store")); // every store, not ./ObjectStore
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        xaDataSource = new JdbcDataSource();
        xaDataSource.setURL("jdbc:h2:" + dir.resolve("db") + ";DB_CLOSE_DELAY=-1");
        try (Connection c = xaDataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders(id INT PRIMARY KEY)");
        }
    }

    /** Inserts through the XA connection; its handle is closed only after completion (H2 rolls back on close). */
    private void insertInTransaction(int id) throws Exception {
        XAConnection xa = xaDataSource.getXAConnection();
        try {
            tm.getTransaction().enlistResource(xa.getXAResource());
            try (Statement s = xa.getConnection().createStatement()) {
                s.executeUpdate("INSERT INTO orders VALUES (" + id + ")");
            }
        } finally {
            tm.getTransaction().registerSynchronization(new jakarta.transaction.Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    try {
                        xa.close();
                    } catch (java.sql.SQLException ignored) {
                        // closing after completion
                    }
                }
            });
        }
    }

    private int count(int id) throws Exception {
        try (Connection c = xaDataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders WHERE id = " + id)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void commitMakesTheRowVisible() throws Exception {
        tm.begin();
        insertInTransaction(1);
        tm.commit();
        assertEquals(1, count(1));
    }

    @Test
    void rollbackDiscardsTheRow() throws Exception {
        tm.begin();
        insertInTransaction(2);
        tm.rollback();
        assertEquals(0, count(2));
    }

    @Test
    void rollbackOnlyMakesCommitFail() throws Exception {
        tm.begin();
        insertInTransaction(3);
        tm.setRollbackOnly();
        assertEquals(Status.STATUS_MARKED_ROLLBACK, tm.getStatus());
        assertThrows(RollbackException.class, tm::commit);
        assertEquals(0, count(3));
    }
}
