#include "SqliteAccess.h"

#include "ledger/Ledger.h"
#include "ledger/sqlite/SqliteLedger.h"

namespace {

SqliteLedger &backendOf(Ledger &ledger)
{
    Q_ASSERT(ledger.location().backend() == LedgerLocation::Backend::Sqlite);
    return *static_cast<SqliteLedger *>(ledger.backend());
}

} // namespace

QSqlDatabase sqliteConnection(Ledger &ledger)
{
    return backendOf(ledger).database();
}

sqlite3 *sqliteHandle(Ledger &ledger)
{
    return backendOf(ledger).handle();
}
