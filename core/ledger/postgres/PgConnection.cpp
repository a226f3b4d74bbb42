#include "PgConnection.h"

#include <libpq-fe.h>

#include <QVarLengthArray>

namespace {

// libpq's message for a result or connection, one line, without a
// password even if some layer were to echo one back.
QString cleanMessage(const char *raw, const QByteArray &password)
{
    QStringList lines;
    for (const QString &line : QString::fromUtf8(raw).split(u'\n', Qt::SkipEmptyParts))
        if (const QString l = line.trimmed(); !l.isEmpty())
            lines << l;
    QString m = lines.join(QStringLiteral("; "));
    if (!password.isEmpty())
        m.replace(QString::fromUtf8(password), QStringLiteral("***"));
    return m;
}

// Serialization failures, deadlocks and unique violations mean another
// connection got there first: the caller may read again and decide.
Error::Kind kindOf(const char *sqlState)
{
    if (!sqlState)
        return Error::Kind::Database;
    const QByteArrayView s(sqlState);
    if (s == "40001" || s == "40P01" || s == "23505" || s == "55P03")
        return Error::Kind::Conflict;
    return Error::Kind::Database;
}

QByteArray arrayElement(const QString &text)
{
    QByteArray out = "\"";
    for (const char c : text.toUtf8()) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

} // namespace

PgParam PgParam::idArray(const QList<qint64> &ids)
{
    QByteArray v = "{";
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i)
            v += ',';
        v += QByteArray::number(ids[i]);
    }
    PgParam p(nullptr);
    p.m_null = false;
    p.m_value = v + '}';
    return p;
}

PgParam PgParam::textArray(const QStringList &texts)
{
    QByteArray v = "{";
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (i)
            v += ',';
        v += arrayElement(texts[i]);
    }
    PgParam p(nullptr);
    p.m_null = false;
    p.m_value = v + '}';
    return p;
}

PgResult::PgResult(pg_result *r)
    : m_result(r, &PQclear)
{}

int PgResult::rows() const
{
    return m_result ? PQntuples(m_result.get()) : 0;
}

bool PgResult::isNull(int row, int col) const
{
    return PQgetisnull(m_result.get(), row, col) != 0;
}

QString PgResult::text(int row, int col) const
{
    if (isNull(row, col))
        return {};
    return QString::fromUtf8(PQgetvalue(m_result.get(), row, col),
                             PQgetlength(m_result.get(), row, col));
}

qint64 PgResult::int64(int row, int col) const
{
    if (isNull(row, col))
        return 0;
    return QByteArrayView(PQgetvalue(m_result.get(), row, col)).toLongLong();
}

QByteArray PgResult::bytes(int row, int col) const
{
    if (isNull(row, col))
        return {};
    size_t length = 0;
    unsigned char *raw = PQunescapeBytea(
        reinterpret_cast<const unsigned char *>(PQgetvalue(m_result.get(), row, col)), &length);
    if (!raw)
        return {};
    QByteArray out(reinterpret_cast<const char *>(raw), qsizetype(length));
    PQfreemem(raw);
    return out;
}

qint64 PgResult::affected() const
{
    return m_result ? QByteArrayView(PQcmdTuples(m_result.get())).toLongLong() : 0;
}

PgConnection::~PgConnection()
{
    close();
}

Status PgConnection::connect(const QString &uri, const QByteArray &password,
                             const QString &displayName)
{
    close();
    m_uri = uri;
    m_password = password;
    m_displayName = displayName;
    const QByteArray dbname = uri.toUtf8();
    QVarLengthArray<const char *, 8> keys;
    QVarLengthArray<const char *, 8> values;
    // A server that does not answer is given up after 10 s (libpq waits
    // for ever by default), unless the URL says otherwise: its values,
    // expanded from dbname, come after this one.
    keys << "connect_timeout"
         << "dbname"
         << "client_encoding"
         << "fallback_application_name";
    values << "10" << dbname.constData() << "UTF8"
           << "payoutdesk";
    if (!password.isEmpty()) {
        keys << "password";
        values << password.constData();
    }
    keys << nullptr;
    values << nullptr;
    // expand_dbname: the URL's parts (host, port, user, sslmode, ...) apply.
    m_conn = PQconnectdbParams(keys.constData(), values.constData(), 1);
    if (!m_conn)
        return fail(Error::database(
            QStringLiteral("cannot connect to %1: out of memory").arg(displayName)));
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const QString why = cleanMessage(PQerrorMessage(m_conn), password);
        close();
        return fail(Error::database(
            QStringLiteral("cannot connect to the ledger %1: %2").arg(displayName, why)));
    }
    return applySessionSetup();
}

Status PgConnection::applySessionSetup()
{
    for (const QString &statement : std::as_const(m_sessionSetup))
        if (Status s = script(statement); !s)
            return s;
    return {};
}

void PgConnection::close()
{
    m_prepared.clear();
    if (m_conn)
        PQfinish(m_conn);
    m_conn = nullptr;
}

bool PgConnection::isOpen() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

bool PgConnection::reconnectIfLost()
{
    if (!m_conn || PQstatus(m_conn) == CONNECTION_OK)
        return false;
    if (PQtransactionStatus(m_conn) != PQTRANS_UNKNOWN &&
        PQtransactionStatus(m_conn) != PQTRANS_IDLE)
        return false;
    PQreset(m_conn);
    m_prepared.clear(); // a new session has no prepared statements
    return PQstatus(m_conn) == CONNECTION_OK && applySessionSetup();
}

int PgConnection::serverVersion() const
{
    return m_conn ? PQserverVersion(m_conn) : 0;
}

Result<PgResult> PgConnection::check(pg_result *r, const char *what)
{
    if (!r)
        return fail(Error::database(QStringLiteral("%1: %2").arg(
            QString::fromLatin1(what), cleanMessage(PQerrorMessage(m_conn), m_password))));
    const ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_OUT)
        return PgResult(r);
    Error e{kindOf(PQresultErrorField(r, PG_DIAG_SQLSTATE)),
            QStringLiteral("%1: %2").arg(QString::fromLatin1(what),
                                         cleanMessage(PQresultErrorMessage(r), m_password))};
    PQclear(r);
    return fail(std::move(e));
}

namespace {

struct Bound
{
    explicit Bound(const PgParam *begin, qsizetype count)
    {
        for (qsizetype i = 0; i < count; ++i) {
            const PgParam &p = begin[i];
            values << (p.isNull() ? nullptr : p.value().constData());
            lengths << int(p.value().size());
            formats << (p.isBinary() ? 1 : 0);
        }
    }
    QVarLengthArray<const char *, 16> values;
    QVarLengthArray<int, 16> lengths;
    QVarLengthArray<int, 16> formats;
};

} // namespace

Result<PgResult> PgConnection::exec(const char *sql, std::initializer_list<PgParam> params)
{
    if (!m_conn)
        return fail(Error::database(QStringLiteral("the ledger is not open")));
    reconnectIfLost();
    const bool idle = PQtransactionStatus(m_conn) == PQTRANS_IDLE;
    Result<PgResult> r = execPrepared(sql, params);
    if (!r && idle && PQstatus(m_conn) == CONNECTION_BAD && qstrncmp(sql, "SELECT", 6) == 0 &&
        reconnectIfLost())
        r = execPrepared(sql, params);
    return r;
}

Result<PgResult> PgConnection::execPrepared(const char *sql, std::initializer_list<PgParam> params)
{
    auto it = m_prepared.constFind(sql);
    if (it == m_prepared.constEnd()) {
        const QByteArray name = "pd" + QByteArray::number(m_prepared.size() + 1);
        Result<PgResult> prepared =
            check(PQprepare(m_conn, name.constData(), sql, 0, nullptr), "cannot prepare");
        if (!prepared)
            return fail(prepared.error());
        it = m_prepared.insert(sql, name);
    }
    const Bound b(params.begin(), qsizetype(params.size()));
    return check(PQexecPrepared(m_conn, it->constData(), int(params.size()), b.values.constData(),
                                b.lengths.constData(), b.formats.constData(), 0),
                 sql);
}

Result<PgResult> PgConnection::execOnce(const QString &sql, std::initializer_list<PgParam> params)
{
    return execOnce(sql, QList<PgParam>(params));
}

Result<PgResult> PgConnection::execOnce(const QString &sql, const QList<PgParam> &params)
{
    if (!m_conn)
        return fail(Error::database(QStringLiteral("the ledger is not open")));
    reconnectIfLost();
    const QByteArray text = sql.toUtf8();
    const Bound b(params.constData(), params.size());
    const auto run = [&] {
        return check(PQexecParams(m_conn, text.constData(), int(params.size()), nullptr,
                                  b.values.constData(), b.lengths.constData(),
                                  b.formats.constData(), 0),
                     text.left(120).constData());
    };
    // As exec(): a read outside a transaction that finds the connection
    // lost reconnects and runs once more.
    const bool idle = PQtransactionStatus(m_conn) == PQTRANS_IDLE;
    Result<PgResult> r = run();
    if (!r && idle && PQstatus(m_conn) == CONNECTION_BAD && text.startsWith("SELECT") &&
        reconnectIfLost())
        r = run();
    return r;
}

Status PgConnection::script(const QString &sql)
{
    if (!m_conn)
        return fail(Error::database(QStringLiteral("the ledger is not open")));
    const QByteArray text = sql.toUtf8();
    const Result<PgResult> r = check(PQexec(m_conn, text.constData()), text.left(120).constData());
    if (!r)
        return fail(r.error());
    return {};
}

Status PgConnection::copyOut(const QString &sql,
                             const std::function<Status(const QByteArray &)> &row)
{
    const QByteArray text = sql.toUtf8();
    const Result<PgResult> started = check(PQexec(m_conn, text.constData()), "cannot copy");
    if (!started)
        return fail(started.error());
    Status result;
    for (;;) {
        char *buffer = nullptr;
        const int n = PQgetCopyData(m_conn, &buffer, 0);
        if (n == -1)
            break; // done
        if (n < 0) {
            result =
                fail(Error::database(QStringLiteral("copy failed: %1")
                                         .arg(cleanMessage(PQerrorMessage(m_conn), m_password))));
            break;
        }
        const QByteArray line(buffer, n);
        PQfreemem(buffer);
        if (result)
            result = row(line);
    }
    // The final status of the COPY, then nothing more.
    while (pg_result *r = PQgetResult(m_conn)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && result)
            result =
                fail(Error::database(QStringLiteral("copy failed: %1")
                                         .arg(cleanMessage(PQresultErrorMessage(r), m_password))));
        PQclear(r);
    }
    return result;
}
