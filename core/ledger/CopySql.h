#pragma once

// What the backends' copy stores (CopyStore.h) write alike into their SQL:
// for ledger/sqlite/SqliteCopy and ledger/postgres/PgCopy only.

#include <QByteArray>
#include <QString>

namespace CopySql {

// A table or column name as a quoted identifier. The names come from the
// ledger's own catalogue or the copy's fixed list; quoting keeps a
// surprising name a name.
inline QByteArray quoted(const QString &name)
{
    QByteArray out = "\"";
    for (const char c : name.toUtf8()) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

// The rows of a table a copy carries: all, but meta without its
// schema_version row (each side keeps its own).
inline QByteArray rowFilter(const QString &table)
{
    return table == QLatin1StringView("meta") ? QByteArrayLiteral(" WHERE key <> 'schema_version'")
                                              : QByteArray();
}

} // namespace CopySql
