#pragma once

// The PostgreSQL backend's one public entry: what the ledger factory calls.
// Everything else in ledger/postgres is private to it.

#include "ledger/LedgerBackend.h"

#include <QUrl>

#include <memory>

class Clock;

// `server` is a LedgerLocation's server URL (never holding a password).
std::unique_ptr<LedgerBackend> createPostgresLedger(const QUrl &server, Clock &clock);
