#pragma once

// Small helpers shared by the SQLite stores.

#include "util/Error.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace sqlite_support {

inline Error sqlError(const QSqlQuery &q, const char *what)
{
    return Error::database(QString::fromLatin1(what) + QStringLiteral(": ") + q.lastError().text());
}

// A stored time (ms since the epoch, UTC); NULL reads as an invalid time.
inline QDateTime fromMs(const QVariant &v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

inline QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

} // namespace sqlite_support

using sqlite_support::fromMs;
using sqlite_support::nullIfEmpty;
using sqlite_support::sqlError;
