#pragma once

// The PostgreSQL backend's copy store (CopyStore.h), for the ledger
// factory's sibling ledger/CopyStoreFactory.cpp.

#include "ledger/CopyStore.h"

#include <memory>

class LedgerBackend;

// `backend` must be a PostgreSQL ledger (createPostgresLedger's), open.
std::unique_ptr<CopyStore> createPgCopyStore(LedgerBackend &backend);
