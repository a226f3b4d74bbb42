#pragma once

// The SQLite backend's copy store (CopyStore.h), for the ledger factory's
// sibling ledger/CopyStoreFactory.cpp.

#include "ledger/CopyStore.h"

#include <memory>

class LedgerBackend;

// `backend` must be a SQLite ledger (createSqliteLedger's), open.
std::unique_ptr<CopyStore> createSqliteCopyStore(LedgerBackend &backend);
