// The one place a ledger backend is chosen (STYLE.md, "Storage behind an
// interface, chosen once").
#include "ledger/LedgerBackend.h"

#include "ledger/postgres/PostgresBackend.h"
#include "ledger/sqlite/SqliteBackend.h"

Result<std::unique_ptr<LedgerBackend>> createLedgerBackend(const LedgerLocation &location,
                                                           Clock &clock)
{
    if (!location.isValid())
        return fail(Error::config(QStringLiteral("no ledger location was given")));
    switch (location.backend()) {
    case LedgerLocation::Backend::Sqlite:
        return createSqliteLedger(location.filePath(), clock);
    case LedgerLocation::Backend::Postgres:
        return createPostgresLedger(location.serverUrl(), clock);
    }
    return fail(
        Error::config(QStringLiteral("%1: unknown ledger backend").arg(location.displayName())));
}
