#pragma once

// PostgreSQL-specific, test-only: plain SQL on a ledger's database through
// libpq, for the tests and benchmarks that set up or inspect rows no store
// interface exposes (the PostgreSQL counterpart of SqliteAccess.h). The
// product's SQL stays in core/ledger/postgres; nothing here is used by it.

#include "util/Error.h"

#include <QList>
#include <QString>
#include <QStringList>

struct pg_conn;

class PgAccess
{
public:
    PgAccess() = default;
    ~PgAccess();
    PgAccess(const PgAccess &) = delete;
    PgAccess &operator=(const PgAccess &) = delete;

    // `url` as a ledger location takes it (postgresql://...?host=/socket).
    Status connect(const QString &url);
    // One or more statements, no result.
    Status exec(const QString &sql);
    // One statement's rows, every value as text (NULL as a null QString).
    Result<QList<QStringList>> rows(const QString &sql);

private:
    pg_conn *m_conn = nullptr;
};
