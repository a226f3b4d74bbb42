#pragma once

// The SQLite backend's one public entry: what the ledger factory calls.
// Everything else in ledger/sqlite is private to it.

#include "ledger/LedgerBackend.h"

#include <QString>

#include <memory>

class Clock;

std::unique_ptr<LedgerBackend> createSqliteLedger(const QString &path, Clock &clock);
