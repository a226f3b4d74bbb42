// The one place a ledger backend is chosen (STYLE.md, "Storage behind an
// interface, chosen once").
#include "ledger/LedgerBackend.h"

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
        break;
    }
    return fail(Error::config(
        QStringLiteral("%1: this build has no PostgreSQL ledger yet; use a SQLite file")
            .arg(location.displayName())));
}
