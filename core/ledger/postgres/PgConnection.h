#pragma once

// A thin, owning wrapper over one libpq connection: parameters bound as
// text (bytea as binary), statements prepared once per connection, and
// results read as Qt values. Private to ledger/postgres.

#include "util/Error.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>

struct pg_conn;
struct pg_result;

// One bound value. Money and times are bound as 64-bit integers (bigint),
// never as floating point.
class PgParam
{
public:
    PgParam(std::nullptr_t)
        : m_null(true)
    {}
    PgParam(const QString &text)
        : m_value(text.toUtf8())
    {}
    PgParam(qint64 v)
        : m_value(QByteArray::number(v))
    {}
    PgParam(int v)
        : m_value(QByteArray::number(v))
    {}
    PgParam(bool v)
        : m_value(v ? QByteArrayLiteral("t") : QByteArrayLiteral("f"))
    {}
    PgParam(const char *) = delete; // a literal would otherwise bind as a bool
    // Raw bytes for a bytea parameter, bound in binary: no escaping, and a
    // NUL byte survives.
    static PgParam bytes(const QByteArray &data)
    {
        PgParam p(nullptr);
        p.m_null = false;
        p.m_binary = true;
        p.m_value = data;
        return p;
    }
    // NULL for an empty string.
    static PgParam orNull(const QString &text) { return text.isEmpty() ? PgParam(nullptr) : text; }
    // A bigint[] literal, for `= ANY($n::bigint[])`.
    static PgParam idArray(const QList<qint64> &ids);
    // A text[] literal, for `= ANY($n::text[])`.
    static PgParam textArray(const QStringList &texts);

    bool isNull() const { return m_null; }
    bool isBinary() const { return m_binary; }
    const QByteArray &value() const { return m_value; }

private:
    QByteArray m_value;
    bool m_null = false;
    bool m_binary = false;
};

// A result of one statement, read by row and column.
class PgResult
{
public:
    PgResult() = default;
    explicit PgResult(pg_result *r);
    int rows() const;
    bool isNull(int row, int col) const;
    QString text(int row, int col) const;
    qint64 int64(int row, int col) const;
    // A bytea column (text format, hex): its bytes.
    QByteArray bytes(int row, int col) const;
    // Rows an INSERT, UPDATE or DELETE touched.
    qint64 affected() const;

private:
    std::shared_ptr<pg_result> m_result;
};

class PgConnection
{
public:
    PgConnection() = default;
    ~PgConnection();
    PgConnection(const PgConnection &) = delete;
    PgConnection &operator=(const PgConnection &) = delete;

    // Connects to `uri` (a postgresql:// URL without a password). The
    // password, when there is one, is passed apart and never appears in a
    // message; otherwise libpq's own PGPASSWORD and .pgpass apply.
    Status connect(const QString &uri, const QByteArray &password, const QString &displayName);
    void close();
    bool isOpen() const;
    // After a lost connection, outside a transaction: one attempt to
    // reconnect, and the session's settings applied again.
    bool reconnectIfLost();
    // Statements (SET ...) that every session of this connection runs
    // first: after connect() and after a reconnect.
    void setSessionSetup(QStringList statements) { m_sessionSetup = std::move(statements); }
    Status applySessionSetup();
    int serverVersion() const;

    // A statement prepared on first use and kept for this connection; sql
    // must be a string literal (its address is the cache key). A read
    // (SELECT) outside a transaction that finds the connection lost (a
    // server restart, a failover) reconnects and runs once more; nothing
    // else is retried, since a write's outcome is then unknown.
    Result<PgResult> exec(const char *sql, std::initializer_list<PgParam> params = {});
    // A statement run once, unprepared (SQL assembled at run time).
    Result<PgResult> execOnce(const QString &sql, std::initializer_list<PgParam> params = {});
    Result<PgResult> execOnce(const QString &sql, const QList<PgParam> &params);
    // Several statements without parameters (schema steps, BEGIN).
    Status script(const QString &sql);

    // COPY ... TO STDOUT: hands each data row to `row`.
    Status copyOut(const QString &sql, const std::function<Status(const QByteArray &)> &row);

    pg_conn *handle() const { return m_conn; }

private:
    Result<PgResult> check(pg_result *r, const char *what);
    Result<PgResult> execPrepared(const char *sql, std::initializer_list<PgParam> params);

    pg_conn *m_conn = nullptr;
    QString m_displayName;
    QString m_uri;
    QByteArray m_password;
    QStringList m_sessionSetup;
    QHash<const char *, QByteArray> m_prepared; // sql -> statement name
};
