#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

struct sqlite3;
struct sqlite3_stmt;

// A prepared statement on the SQLite C API, for the few hot paths (bulk
// intake) where Qt Sql's per-call QVariant marshalling costs more than the
// work itself. It runs on the same connection as the Ledger's QSqlDatabase
// (Ledger::sqliteHandle()) and must be destroyed before that ledger closes.
//
// Text is bound without copying, as UTF-16 straight from a QString or as
// UTF-8 bytes (the ledger's own encoding, so SQLite need not convert it on
// every use): the bound values must stay alive until step() returns.
class SqliteStatement final
{
public:
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool isValid() const { return m_stmt != nullptr; }

    // Parameters are numbered from 1, as in SQLite.
    SqliteStatement &bind(int index, const QString &text);
    SqliteStatement &bindUtf8(int index, QByteArrayView text);
    SqliteStatement &bind(int index, qint64 value);
    SqliteStatement &bindBlob(int index, const QByteArray &blob);
    SqliteStatement &bindNull(int index);

    // Runs the statement: true when a row is available, false when done.
    Result<bool> step();
    // Runs a statement that returns no rows (or whose rows are not needed)
    // and resets it for the next use.
    Status run();
    // Runs a statement to its end, collecting one text column of every row,
    // and resets it for the next use.
    Result<QStringList> texts(int column = 0);
    qint64 columnInt64(int column) const;
    QString columnText(int column) const;
    QByteArray columnBlob(int column) const;
    void reset();

    Error error(const char *what) const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
    QString m_sql;
};
