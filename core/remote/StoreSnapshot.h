#pragma once

#include "ledger/ChangeFeed.h"
#include "ledger/LedgerReader.h"
#include "ledger/MetaStore.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

// What a window connected to a store knows of it: one artist's money and
// the store's engine, as the artist API last answered (README, "API").
struct StoreSnapshot
{
    QString artist;
    QString account;        // the artist's payout account; empty: none linked
    QList<Entry> open;      // pending, sending, held (scheduled-payouts)
    QList<Entry> paid;      // paid by a transfer, refunded or not (history)
    QJsonObject engine;     // GET /api/v1/engine
    QDateTime engineReadAt; // on the window's clock
};

// The store's answers, read back through the ledger's own read interfaces,
// so the window's views show a connected store exactly as a local ledger:
// a LedgerReader over the snapshot's entries, a ChangeFeed whose version
// moves with every new snapshot, and a MetaStore that answers the engine's
// keys (EngineStatus) from the engine route. Every read is answered from
// memory, on the thread that owns it; nothing here touches the network
// (RemoteStore does, and replace()s the snapshot). Only the snapshot's
// artist exists: every other artist reads as unknown and empty.
class StoreSnapshotReader final : public LedgerReader, public ChangeFeed, public MetaStore
{
public:
    void replace(StoreSnapshot snapshot);
    // The engine alone changed (its own route is polled more often).
    void replaceEngine(const QJsonObject &engine, const QDateTime &readAt);
    const StoreSnapshot &snapshot() const { return m_s; }

    // LedgerReader
    Result<QList<ArtistBalance>> balances(const QString &artist = {}) override;
    Result<QHash<EntryState, qint64>> stateCounts() override;
    Result<QList<Entry>> entries(const EntryFilter &filter) override;
    Result<qint64> countEntries(const EntryFilter &filter) override;
    Result<QList<HeldTotal>> heldTotals(const QString &artist = {}) override;
    Result<QList<RefundAfterPayout>> refundsAfterPayout(const QString &artist = {}) override;
    Result<QList<PaidTransfer>> paidTransfers(const QString &artist) override;
    Result<QList<Artist>> artists() override;
    Result<std::optional<Artist>> artist(const QString &id) override;
    Result<QList<AuditRow>> auditRows(const AuditFilter &filter) override;
    Result<QList<QuarantinedEvent>> quarantine(const QString &status) override;
    Result<qint64> countQuarantined(const QString &status) override;
    Result<std::optional<QuarantinedEvent>> quarantinedEvent(qint64 id) override;
    Result<VerifyReport> verify() override;

    // ChangeFeed
    Result<qint64> version() override { return m_version; }

    // MetaStore: the engine's keys only; nothing can be written.
    Result<QString> value(const QString &key) override;
    Status setValue(const QString &key, const QString &value) override;

private:
    bool mine(const QString &artist) const;
    QList<Entry> matching(const EntryFilter &filter) const;

    StoreSnapshot m_s;
    QList<Entry> m_all; // open and paid, in the ledger's order
    qint64 m_version = 0;
};

namespace StoreJson {
// An entry of the artist API's JSON (api::entryJson), or nullopt when it is
// not one.
std::optional<Entry> entry(const QJsonObject &o, const QString &artist);
} // namespace StoreJson
