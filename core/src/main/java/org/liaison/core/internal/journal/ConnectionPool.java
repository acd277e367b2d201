package org.liaison.core.internal.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A few JDBC connections shared by the journal's callers, each with its prepared statements kept open. Connections
 * are made on demand up to {@code max} and kept until {@link #close()}; a caller that finds none free waits. A
 * connection that failed at the connection level is dropped instead of being reused.
 *
 * <p>
 * No pool library: the journal needs a handful of connections to one database, and an embedded H2 connection costs
 * next to nothing to make.
 */
final class ConnectionPool implements AutoCloseable {

    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    /** A connection with its own prepared statements, used by one thread at a time. */
    static final class Pooled {

        final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Pooled(Connection connection) {
            this.connection = connection;
        }

        /** The prepared statement for {@code sql}, made once per connection. */
        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return statement;
        }

        /** The prepared statement for an insert that returns the generated {@code keyColumn}. */
        PreparedStatement prepareReturning(String sql, String keyColumn) throws SQLException {
            String cacheKey = keyColumn + "\u0000" + sql;
            PreparedStatement statement = statements.get(cacheKey);
            if (statement == null) {
                statement = connection.prepareStatement(sql, new String[] { keyColumn });
                statements.put(cacheKey, statement);
            }
            return statement;
        }

        /** Drops what a failed transaction left in the batches of the statements. */
        void clearBatches() {
            for (PreparedStatement statement : statements.values()) {
                try {
                    statement.clearBatch();
                } catch (SQLException ignored) {
                    // a statement that cannot clear its batch is on a broken connection, which rollback detects
                }
            }
        }

        void closeQuietly() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection may fail; there is nothing left to release
            }
        }
    }

    private final Connector connector;
    private final int max;
    private final long waitMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final ArrayDeque<Pooled> idle = new ArrayDeque<>();
    private int open;
    private boolean closed;

    ConnectionPool(Connector connector, int max, long waitMillis) {
        if (max < 1) {
            throw new IllegalArgumentException("a pool needs at least one connection, not " + max);
        }
        this.connector = connector;
        this.max = max;
        this.waitMillis = waitMillis;
    }

    /** A connection for the calling thread alone, until it gives it back with {@link #release}. */
    Pooled borrow() throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new SQLException("the journal is closed", "08003");
                }
                Pooled free = idle.pollFirst();
                if (free != null) {
                    return free;
                }
                if (open < max) {
                    open++;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SQLTransientConnectionException(
                            "all " + max + " journal connections stayed busy for " + waitMillis + " ms");
                }
                try {
                    released.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for a journal connection", e);
                }
            }
        } finally {
            lock.unlock();
        }
        // connect outside the lock: a slow server must not hold up callers that find an idle connection
        try {
            Connection connection = connector.connect();
            connection.setAutoCommit(false);
            return new Pooled(connection);
        } catch (SQLException | RuntimeException e) {
            lock.lock();
            try {
                open--;
                released.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /**
     * Gives a borrowed connection back.
     *
     * @param broken true when it failed at the connection level: it is closed instead of being reused
     */
    void release(Pooled pooled, boolean broken) {
        boolean discard;
        lock.lock();
        try {
            discard = broken || closed;
            if (discard) {
                open--;
            } else {
                idle.addFirst(pooled);
            }
            released.signal();
        } finally {
            lock.unlock();
        }
        if (discard) {
            pooled.closeQuietly();
        }
    }

    /** Closes the idle connections now and the borrowed ones when they come back. */
    @Override
    public void close() {
        ArrayDeque<Pooled> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            open -= idle.size();
            idle.clear();
            released.signalAll();
        } finally {
            lock.unlock();
        }
        toClose.forEach(Pooled::closeQuietly);
    }

    /** Connections made and not yet closed, for tests. */
    int openConnections() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }
}
