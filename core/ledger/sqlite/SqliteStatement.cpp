#include "SqliteStatement.h"

#include <sqlite3.h>

SqliteStatement::SqliteStatement(sqlite3 *db, const char *sql)
    : m_db(db)
    , m_sql(QString::fromUtf8(sql))
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK)
        m_stmt = nullptr;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

SqliteStatement &SqliteStatement::bind(int index, const QString &text)
{
    if (text.isNull())
        sqlite3_bind_text16(m_stmt, index, u"", 0, SQLITE_STATIC);
    else
        sqlite3_bind_text16(m_stmt, index, text.utf16(), int(text.size() * 2), SQLITE_STATIC);
    return *this;
}

SqliteStatement &SqliteStatement::bindUtf8(int index, QByteArrayView text)
{
    sqlite3_bind_text(m_stmt, index, text.isNull() ? "" : text.data(), int(text.size()),
                      SQLITE_STATIC);
    return *this;
}

SqliteStatement &SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

SqliteStatement &SqliteStatement::bindBlob(int index, const QByteArray &blob)
{
    sqlite3_bind_blob(m_stmt, index, blob.constData(), int(blob.size()), SQLITE_STATIC);
    return *this;
}

SqliteStatement &SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Result<bool> SqliteStatement::step()
{
    if (!m_stmt)
        return fail(error("prepare"));
    switch (sqlite3_step(m_stmt)) {
    case SQLITE_ROW:
        return true;
    case SQLITE_DONE:
        return false;
    default:
        return fail(error("step"));
    }
}

Result<QStringList> SqliteStatement::texts(int column)
{
    QStringList out;
    Result<bool> row = step();
    for (; row && *row; row = step())
        out.append(columnText(column));
    reset();
    if (!row)
        return fail(row.error());
    return out;
}

Status SqliteStatement::run()
{
    const Result<bool> r = step();
    reset();
    if (!r)
        return fail(r.error());
    return {};
}

qint64 SqliteStatement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString SqliteStatement::columnText(int column) const
{
    const auto *text = static_cast<const char16_t *>(sqlite3_column_text16(m_stmt, column));
    if (!text)
        return {};
    return QString::fromUtf16(text, sqlite3_column_bytes16(m_stmt, column) / 2);
}

QByteArray SqliteStatement::columnBlob(int column) const
{
    const void *data = sqlite3_column_blob(m_stmt, column);
    if (!data)
        return {};
    return QByteArray(static_cast<const char *>(data), sqlite3_column_bytes(m_stmt, column));
}

void SqliteStatement::reset()
{
    // Bindings are kept: every use binds every parameter again.
    sqlite3_reset(m_stmt);
}

Error SqliteStatement::error(const char *what) const
{
    return Error::database(QStringLiteral("%1 of \"%2\" failed: %3")
                               .arg(QString::fromLatin1(what), m_sql.simplified(),
                                    QString::fromUtf8(sqlite3_errmsg(m_db))));
}
