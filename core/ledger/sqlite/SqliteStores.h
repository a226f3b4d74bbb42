#pragma once

// The SQLite stores of each use case, one class per interface of
// core/ledger, each a thin view of one SqliteLedger connection. Private to
// ledger/sqlite: the rest of the program sees only the interfaces.

#include "ledger/AccountStore.h"
#include "ledger/AuditLog.h"
#include "ledger/BackupStore.h"
#include "ledger/ChangeFeed.h"
#include "ledger/CleanupStore.h"
#include "ledger/InboxStore.h"
#include "ledger/IntakeStore.h"
#include "ledger/LedgerReader.h"
#include "ledger/MetaStore.h"
#include "ledger/PayoutStore.h"
#include "ledger/RunLeaseStore.h"
#include "ledger/TokenStore.h"

namespace PayoutAudit {
struct Row;
}

class SqliteLedger;

class SqliteReader final : public LedgerReader
{
public:
    explicit SqliteReader(SqliteLedger &db)
        : m_db(db)
    {}
    Result<QList<ArtistBalance>> balances(const QString &artist) override;
    Result<QHash<EntryState, qint64>> stateCounts() override;
    Result<QList<Entry>> entries(const EntryFilter &filter) override;
    Result<qint64> countEntries(const EntryFilter &filter) override;
    Result<QList<HeldTotal>> heldTotals(const QString &artist) override;
    Result<QList<RefundAfterPayout>> refundsAfterPayout(const QString &artist) override;
    Result<QList<PaidTransfer>> paidTransfers(const QString &artist) override;
    Result<QList<Artist>> artists() override;
    Result<std::optional<Artist>> artist(const QString &id) override;
    Result<QList<QuarantinedEvent>> quarantine(const QString &status) override;
    Result<qint64> countQuarantined(const QString &status) override;
    Result<std::optional<QuarantinedEvent>> quarantinedEvent(qint64 id) override;
    Result<QList<AuditRow>> auditRows(const AuditFilter &filter) override;
    Result<VerifyReport> verify() override; // SqliteVerify.cpp

private:
    SqliteLedger &m_db;
};

class SqliteIntake final : public IntakeStore
{
public:
    explicit SqliteIntake(SqliteLedger &db)
        : m_db(db)
    {}
    Result<QString> processedOutcome(const QString &eventId) override;
    Status markProcessed(const QString &eventId, const QString &type, const QString &source,
                         const QString &outcome) override;
    Status quarantine(const QString &eventId, const QString &type, const QString &source,
                      const QString &reason, const QByteArray &body) override;
    Status markReplayed(qint64 quarantineId, const QString &eventId) override;
    Status upsertSale(const SaleRecord &sale) override;
    Result<bool> anyRefunds() override;
    Result<bool> isRefunded(const QString &paymentIntent) override;
    Result<bool> hasEntries(const QString &paymentIntent) override;
    Result<bool> hasEntry(const QString &paymentIntent, const QString &artist, const QString &track,
                          EntryKind kind) override;
    Result<std::optional<SaleRecord>> sale(const QString &sessionId) override;
    Result<std::optional<qint64>> entryAmount(const QString &paymentIntent, const QString &artist,
                                              const QString &track, EntryKind kind) override;
    Result<qint64> ingestedTotal(const QString &artist, const QString &currency) override;
    Status insertEntries(const NewEntries &entries, QList<qint64> &ids) override;
    Result<RefundEffect> applyFullRefund(const QString &paymentIntent, const QString &eventId,
                                         const QString &reason) override;
    Status addTotals(const QList<TotalsDelta> &deltas) override;

private:
    SqliteLedger &m_db;
};

class SqliteInbox final : public InboxStore
{
public:
    explicit SqliteInbox(SqliteLedger &db)
        : m_db(db)
    {}
    Result<QList<qint64>> journal(const QList<QByteArray> &bodies, const QString &source) override;
    Result<QList<InboxRow>> due(int limit, qint64 nowMs, qint64 afterId) override;
    Status markApplied(const QList<qint64> &ids, qint64 atMs) override;
    Status attemptFailed(qint64 id, const QString &error, qint64 retryAtMs) override;
    Result<qint64> nextRetry() override;
    Result<InboxBacklog> backlog() override;
    Status relaxApplyDurability(bool relaxed) override;

private:
    SqliteLedger &m_db;
};

class SqlitePayouts final : public PayoutStore
{
public:
    explicit SqlitePayouts(SqliteLedger &db)
        : m_db(db)
    {}
    Result<QList<ClaimedTransfer>> unresolved() override;
    Result<QList<DueEntry>> dueEntries() override;
    Result<QStringList> accountsWithHeld(const QStringList &reasons) override;
    Result<QList<ClaimedTransfer>> claim(const QList<PayoutGroup> &groups) override;
    Status recordPaid(const ClaimedTransfer &t, const QString &transferId,
                      const QString &requestId) override;
    Status recordRetry(const ClaimedTransfer &t, const QString &error, const QString &requestId,
                       const std::function<qint64(int attempts)> &backoffMs) override;
    Status recordHeld(const ClaimedTransfer &t, const QString &reason, const QString &error,
                      const QString &requestId) override;
    Status recordUnknown(const ClaimedTransfer &t, const QString &error) override;
    Status releaseUnsent(const QList<ClaimedTransfer> &transfers, const QString &why) override;
    Status recordNotCreated(const ClaimedTransfer &t, const QString &why) override;
    Status setChargeId(const QString &paymentIntent, const QString &chargeId) override;
    Status markWaiting(const QList<PayoutGroup> &groups, const QString &reason) override;

    Result<QList<ClaimedReversal>> claimReversals() override;
    Status recordReversed(const ClaimedReversal &r, const QString &reversalId,
                          const QString &requestId) override;
    Result<qint64> recordClawback(const ClaimedReversal &r, const QString &error,
                                  const QString &requestId) override;
    Status recordReversalRetry(const ClaimedReversal &r, const QString &error,
                               const QString &requestId, qint64 delayMs) override;
    Status recordReversalUnknown(const ClaimedReversal &r, const QString &error) override;

private:
    Status setEntries(const ClaimedTransfer &t, EntryState state, const QVariant &reason,
                      const QString &lastError, bool countAttempt, qint64 nextAttemptAt,
                      const QString &transferId);
    Status setTransfer(const ClaimedTransfer &t, const QString &state, const QString &error,
                       const QString &requestId, const QString &transferId, bool countAttempt);
    // Appends one of the payout run's audit rows (ledger/PayoutAudit.h).
    Status audit(const PayoutAudit::Row &row);
    Status setReversal(const ClaimedReversal &r, const QString &state, const QString &error,
                       const QString &requestId, const QString &reversalId, bool countAttempt);
    Status setReversingEntry(const ClaimedReversal &r, EntryState state, const QVariant &reason,
                             const QString &lastError, bool countAttempt, qint64 nextAttemptAt);

    SqliteLedger &m_db;
};

class SqliteLeases final : public RunLeaseStore
{
public:
    explicit SqliteLeases(SqliteLedger &db)
        : m_db(db)
    {}
    Result<std::optional<LeaseState>> lease(const QString &name) override;
    Result<bool> take(const QString &name, const QString &holder, qint64 nowMs, qint64 expiresAtMs,
                      const QString &replacing) override;
    Status release(const QString &name, const QString &holder) override;
    Result<qint64> addRunRequest(const QString &name) override;
    Result<qint64> runRequests(const QString &name) override;

private:
    SqliteLedger &m_db;
};

class SqliteCleanup final : public CleanupStore
{
public:
    explicit SqliteCleanup(SqliteLedger &db)
        : m_db(db)
    {}
    Result<QList<CleanupCandidate>> duplicateCopies() override;
    Result<QList<CleanupCandidate>> invalidOpenEntries(const QStringList &knownCurrencies) override;
    Status voidEntry(qint64 id, const QString &reason) override;
    Result<int> archiveProcessedEvents(qint64 beforeMs) override;
    Result<int> archiveQuarantine(qint64 beforeMs) override;
    Result<bool> dismissQuarantined(qint64 id) override;
    Result<int> countStuckSending(qint64 beforeMs) override;

private:
    SqliteLedger &m_db;
};

class SqliteAccounts final : public AccountStore
{
public:
    explicit SqliteAccounts(SqliteLedger &db)
        : m_db(db)
    {}
    Result<std::optional<QString>> account(const QString &artist) override;
    Result<QStringList> artistsWithAccount(const QString &account) override;
    Status setAccount(const QString &artist, const QString &account) override;
    Result<int> moveEntries(const QString &artist, EntryState from, const QStringList &fromReasons,
                            EntryState to, const QString &reason) override;

private:
    SqliteLedger &m_db;
};

class SqliteMeta final : public MetaStore
{
public:
    explicit SqliteMeta(SqliteLedger &db)
        : m_db(db)
    {}
    Result<QString> value(const QString &key) override;
    Status setValue(const QString &key, const QString &value) override;

private:
    SqliteLedger &m_db;
};

class SqliteChangeFeed final : public ChangeFeed
{
public:
    explicit SqliteChangeFeed(SqliteLedger &db)
        : m_db(db)
    {}
    Result<qint64> version() override;

private:
    SqliteLedger &m_db;
};

class SqliteBackup final : public BackupStore
{
public:
    explicit SqliteBackup(SqliteLedger &db)
        : m_db(db)
    {}
    QString fileSuffix() const override { return QStringLiteral(".sqlite"); }
    Status backupTo(const QString &targetFile) override;

private:
    SqliteLedger &m_db;
};

class SqliteAudit final : public AuditLog
{
public:
    explicit SqliteAudit(SqliteLedger &db)
        : m_db(db)
    {}
    Status append(const QString &actor, const QString &action, const QString &artist,
                  qint64 entryId, const QString &detail) override;

private:
    SqliteLedger &m_db;
};

class SqliteTokens final : public TokenStore
{
public:
    explicit SqliteTokens(SqliteLedger &db)
        : m_db(db)
    {}
    Result<IssuedArtistToken> issue(const QString &artist, const QString &label) override;
    Result<QList<ArtistTokenInfo>> list(const QString &artist) override;
    Result<bool> revoke(qint64 id) override;
    Result<std::optional<QString>> authenticate(const QString &secret,
                                                Use use = Use::Record) override;
    Status recordUses(const QStringList &secrets) override;

private:
    // Runs `work` in a write whose commit, when it is its own, is not
    // synced and does not wait for a busy file (a last use's, see there).
    Status relaxedWrite(const std::function<Status()> &work);

    SqliteLedger &m_db;
};
