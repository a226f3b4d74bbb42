#include "PgAccess.h"

#include <libpq-fe.h>

PgAccess::~PgAccess()
{
    if (m_conn)
        PQfinish(m_conn);
}

Status PgAccess::connect(const QString &url)
{
    if (m_conn)
        PQfinish(m_conn);
    m_conn = PQconnectdb(url.toUtf8().constData());
    if (PQstatus(m_conn) != CONNECTION_OK)
        return fail(Error::database(QStringLiteral("cannot connect: %1")
                                        .arg(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed())));
    return {};
}

Status PgAccess::exec(const QString &sql)
{
    PGresult *r = PQexec(m_conn, sql.toUtf8().constData());
    const ExecStatusType status = PQresultStatus(r);
    const QString error = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
    PQclear(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return fail(Error::database(error));
    return {};
}

Result<QList<QStringList>> PgAccess::rows(const QString &sql)
{
    PGresult *r = PQexec(m_conn, sql.toUtf8().constData());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        const QString error = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
        PQclear(r);
        return fail(Error::database(error));
    }
    QList<QStringList> out;
    for (int row = 0; row < PQntuples(r); ++row) {
        QStringList values;
        for (int col = 0; col < PQnfields(r); ++col)
            values << (PQgetisnull(r, row, col) ? QString()
                                                : QString::fromUtf8(PQgetvalue(r, row, col)));
        out << values;
    }
    PQclear(r);
    return out;
}
