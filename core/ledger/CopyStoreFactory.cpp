// The copy store of a ledger, chosen by its backend as LedgerFactory.cpp
// chose the backend itself.
#include "ledger/CopyStore.h"

#include "ledger/Ledger.h"
#include "ledger/postgres/PgCopy.h"
#include "ledger/sqlite/SqliteCopy.h"

std::unique_ptr<CopyStore> createCopyStore(Ledger &ledger)
{
    Q_ASSERT(ledger.backend());
    switch (ledger.location().backend()) {
    case LedgerLocation::Backend::Sqlite:
        return createSqliteCopyStore(*ledger.backend());
    case LedgerLocation::Backend::Postgres:
        return createPgCopyStore(*ledger.backend());
    }
    return nullptr;
}
