#pragma once

#include "ledger/AccountStore.h"
#include "ledger/AuditLog.h"
#include "ledger/BackupStore.h"
#include "ledger/ChangeFeed.h"
#include "ledger/CleanupStore.h"
#include "ledger/InboxStore.h"
#include "ledger/IntakeStore.h"
#include "ledger/LedgerBackend.h"
#include "ledger/LedgerLocation.h"
#include "ledger/LedgerReader.h"
#include "ledger/LedgerTypes.h"
#include "ledger/MetaStore.h"
#include "ledger/PayoutStore.h"
#include "ledger/RunLeaseStore.h"
#include "ledger/TokenStore.h"
#include "util/Error.h"

#include <QObject>

#include <functional>
#include <memory>

class Clock;

// The durable ledger, whichever backend holds it: one connection, opened
// from a LedgerLocation, and the store of each use case on it. Code takes
// the narrowest store it needs (a view a LedgerReader, the payout run a
// PayoutStore); this object owns them and the transaction around them.
//
// A Ledger is used on the thread that called open(); another thread opens
// its own Ledger on the same location. Every write runs in one transaction
// that is durable once write() returns, and a write that failed leaves
// nothing behind.
class Ledger final : public QObject
{
    Q_OBJECT
public:
    Ledger(LedgerLocation location, Clock &clock, QObject *parent = nullptr);
    // A file path or a URL, read by LedgerLocation::parse; a location that
    // cannot be read makes open() fail with the reason.
    Ledger(const QString &location, Clock &clock, QObject *parent = nullptr);
    ~Ledger() override;
    Ledger(const Ledger &) = delete;
    Ledger &operator=(const Ledger &) = delete;

    // Connects and migrates to the current schema. Call once, on the thread
    // that will use this object.
    Status open();
    // Connects without creating or migrating anything (LedgerBackend::
    // openAsFound): for `verify` on a ledger that open() refused, so that a
    // damaged ledger still gets a report of each check.
    Status openAsFound();
    void close();
    bool isOpen() const;

    const LedgerLocation &location() const { return m_location; }
    Clock &clock() const { return m_clock; }

    // Runs work in one transaction: if work returns an error or the commit
    // fails, everything is rolled back. changed() follows a commit. Writes
    // may nest: an inner one joins the outer.
    Status write(const std::function<Status()> &work);
    // Runs work exactly as write() does, then rolls it back: a dry run that
    // sees every change the real run would make.
    Status rehearse(const std::function<Status()> &work);
    // Commits made through this object.
    qint64 commitCount() const { return m_commits; }

    // The stores; valid while open.
    LedgerReader &reader() { return m_backend->reader(); }
    IntakeStore &intake() { return m_backend->intake(); }
    InboxStore &inbox() { return m_backend->inbox(); }
    PayoutStore &payouts() { return m_backend->payouts(); }
    RunLeaseStore &leases() { return m_backend->leases(); }
    CleanupStore &cleanup() { return m_backend->cleanup(); }
    AccountStore &accounts() { return m_backend->accounts(); }
    MetaStore &meta() { return m_backend->meta(); }
    ChangeFeed &changes() { return m_backend->changes(); }
    BackupStore &backup() { return m_backend->backup(); }
    AuditLog &auditLog() { return m_backend->audit(); }
    TokenStore &tokens() { return m_backend->tokens(); }

    // The backend itself, for a backend's own tests.
    LedgerBackend *backend() const { return m_backend.get(); }

Q_SIGNALS:
    // Emitted after every commit made through this object.
    void changed();

private:
    Status openBackend(bool asFound);

    LedgerLocation m_location;
    Error m_locationError;
    bool m_locationOk = true;
    Clock &m_clock;
    std::unique_ptr<LedgerBackend> m_backend;
    qint64 m_commits = 0;
};
