#pragma once

#include "ledger/LedgerLocation.h"
#include "util/Error.h"

#include <functional>
#include <memory>

class AccountStore;
class AuditLog;
class BackupStore;
class ChangeFeed;
class CleanupStore;
class Clock;
class InboxStore;
class IntakeStore;
class LedgerReader;
class MetaStore;
class PayoutStore;
class RunLeaseStore;
class TokenStore;

// What a storage backend (SQLite in ledger/sqlite, PostgreSQL in
// ledger/postgres) provides: one connection, its transactions, and the
// stores of each use case on that connection. Used through Ledger, which
// chooses the backend from a LedgerLocation; nothing outside ledger/ names a
// backend class except a backend's own tests.
//
// A backend object is used on one thread; another thread opens its own.
class LedgerBackend
{
public:
    virtual ~LedgerBackend() = default;

    // Connects, creating and migrating the schema as needed.
    virtual Status open() = 0;
    // Connects to an existing ledger as it is found: nothing is created,
    // migrated or rewritten, and the schema is not read first. For verify on
    // a ledger that open() refuses (a damaged file): the stores' reads may
    // then fail, each with its own reason.
    virtual Status openAsFound() = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;

    // Runs work in one transaction that takes the write lock at once; with
    // `commit` false it is rolled back after work (a dry run). A store
    // method called inside work joins this transaction; called outside one,
    // it commits on its own. Nested calls join the outer transaction.
    virtual Status transact(const std::function<Status()> &work, bool commit) = 0;
    virtual bool inTransaction() const = 0;
    // Called after every commit made on this connection.
    virtual void setCommitObserver(std::function<void()> observer) = 0;

    virtual LedgerReader &reader() = 0;
    virtual IntakeStore &intake() = 0;
    virtual InboxStore &inbox() = 0;
    virtual PayoutStore &payouts() = 0;
    virtual RunLeaseStore &leases() = 0;
    virtual CleanupStore &cleanup() = 0;
    virtual AccountStore &accounts() = 0;
    virtual MetaStore &meta() = 0;
    virtual ChangeFeed &changes() = 0;
    virtual BackupStore &backup() = 0;
    virtual AuditLog &audit() = 0;
    virtual TokenStore &tokens() = 0;
};

// The one place a backend is chosen (ledger/LedgerFactory.cpp).
Result<std::unique_ptr<LedgerBackend>> createLedgerBackend(const LedgerLocation &location,
                                                           Clock &clock);
