#pragma once

// The PostgreSQL backend's copy store (CopyStore.h), for the ledger
// factory's sibling ledger/CopyStoreFactory.cpp.

#include "ledger/CopyStore.h"

#include <memory>

class LedgerBackend;

// `backend` must be a PostgreSQL ledger (createPostgresLedger's), open.
std::unique_ptr<CopyStore> createPgCopyStore(LedgerBackend &backend);

// How rows are written: COPY ... FROM STDIN (the default, and the faster:
// README, Performance), or multi-row INSERT statements. Only bench_copy
// switches it, to measure the two against each other.
enum class PgCopyWrites { Copy, Insert };
void setPgCopyWrites(PgCopyWrites how);
