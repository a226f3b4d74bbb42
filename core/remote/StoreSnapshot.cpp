#include "StoreSnapshot.h"

#include "service/EngineStatus.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>

namespace {

bool ledgerOrder(const Entry &a, const Entry &b)
{
    const qint64 ta = a.createdAt.toMSecsSinceEpoch();
    const qint64 tb = b.createdAt.toMSecsSinceEpoch();
    return ta != tb ? ta < tb : a.id < b.id;
}

QDateTime timeOf(const QJsonValue &v)
{
    if (!v.isString())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

namespace StoreJson {

std::optional<Entry> entry(const QJsonObject &o, const QString &artist)
{
    const std::optional<EntryState> state = entryStateFromString(o[u"state"].toString());
    const std::optional<EntryKind> kind = entryKindFromString(o[u"source"].toString());
    const QJsonValue amount = o[u"amount_minor"];
    if (!state || !kind || !amount.isDouble() || !o[u"id"].isDouble())
        return std::nullopt;
    Entry e;
    e.id = o[u"id"].toInteger();
    e.artist = artist;
    // Minor units arrive as a JSON integer; toInteger never rounds one.
    e.amount = Money{amount.toInteger(), o[u"currency"].toString()};
    e.kind = *kind;
    e.track = o[u"track"].toString();
    e.reference = o[u"reference"].toString();
    e.createdAt = timeOf(o[u"created_at"]);
    e.state = *state;
    e.attempts = o[u"attempts"].toInt();
    e.nextAttemptAt = timeOf(o[u"next_attempt_at"]);
    e.lastError = o[u"last_error"].toString();
    e.reason = o[u"reason"].toString();
    e.updatedAt = timeOf(o[u"updated_at"]);
    return e;
}

} // namespace StoreJson

void StoreSnapshotReader::replace(StoreSnapshot snapshot)
{
    m_s = std::move(snapshot);
    m_all = m_s.open + m_s.paid;
    std::sort(m_all.begin(), m_all.end(), ledgerOrder);
    ++m_version;
}

void StoreSnapshotReader::replaceEngine(const QJsonObject &engine, const QDateTime &readAt)
{
    m_s.engine = engine;
    m_s.engineReadAt = readAt;
    ++m_version;
}

bool StoreSnapshotReader::mine(const QString &artist) const
{
    return !m_s.artist.isEmpty() && (artist.isEmpty() || artist == m_s.artist);
}

QList<Entry> StoreSnapshotReader::matching(const EntryFilter &filter) const
{
    QList<Entry> out;
    if (!mine(filter.artist))
        return out;
    for (const Entry &e : m_all)
        if (filter.states.isEmpty() || filter.states.contains(e.state))
            out.append(e);
    return out;
}

Result<QList<ArtistBalance>> StoreSnapshotReader::balances(const QString &artist)
{
    if (!mine(artist))
        return QList<ArtistBalance>();
    QMap<QString, ArtistBalance> byCurrency;
    for (const Entry &e : std::as_const(m_all)) {
        ArtistBalance &b = byCurrency[e.amount.currency];
        b.artist = m_s.artist;
        b.currency = e.amount.currency;
        b.add(e.state, e.amount.minor, 1);
    }
    return byCurrency.values();
}

Result<QHash<EntryState, qint64>> StoreSnapshotReader::stateCounts()
{
    QHash<EntryState, qint64> counts;
    for (const Entry &e : std::as_const(m_all))
        ++counts[e.state];
    return counts;
}

Result<QList<Entry>> StoreSnapshotReader::entries(const EntryFilter &filter)
{
    QList<Entry> all = matching(filter);
    QList<Entry> out;
    qint64 skip = filter.afterId > 0 ? 0 : filter.offset;
    for (const Entry &e : std::as_const(all)) {
        if (filter.afterId > 0) {
            Entry key;
            key.createdAt = QDateTime::fromMSecsSinceEpoch(filter.afterCreatedMs, Qt::UTC);
            key.id = filter.afterId;
            if (!ledgerOrder(key, e))
                continue;
        }
        if (skip > 0) {
            --skip;
            continue;
        }
        if (out.size() >= filter.limit)
            break;
        out.append(e);
    }
    return out;
}

Result<qint64> StoreSnapshotReader::countEntries(const EntryFilter &filter)
{
    return qint64(matching(filter).size());
}

Result<QList<HeldTotal>> StoreSnapshotReader::heldTotals(const QString &artist)
{
    if (!mine(artist))
        return QList<HeldTotal>();
    QMap<std::pair<QString, QString>, HeldTotal> byReason;
    for (const Entry &e : std::as_const(m_s.open)) {
        if (e.state != EntryState::Held)
            continue;
        HeldTotal &h = byReason[{e.amount.currency, e.reason}];
        h.artist = m_s.artist;
        h.currency = e.amount.currency;
        h.reason = e.reason;
        ++h.entries;
        h.amountMinor += e.amount.minor;
    }
    return byReason.values();
}

Result<QList<RefundAfterPayout>> StoreSnapshotReader::refundsAfterPayout(const QString &artist)
{
    QList<RefundAfterPayout> out;
    if (!mine(artist))
        return out;
    for (const Entry &e : std::as_const(m_s.paid)) {
        if (e.state != EntryState::Reversing && e.state != EntryState::Reversed &&
            e.state != EntryState::Clawback)
            continue;
        RefundAfterPayout r;
        r.entryId = e.id;
        r.artist = e.artist;
        r.amount = e.amount;
        r.reference = e.reference;
        r.track = e.track;
        r.transferId = e.transferId;
        r.state = e.state;
        r.lastError = e.lastError;
        r.attempts = e.attempts;
        r.nextAttemptAt = e.nextAttemptAt;
        r.updatedAt = e.updatedAt;
        out.append(r);
    }
    std::sort(out.begin(), out.end(), [](const RefundAfterPayout &a, const RefundAfterPayout &b) {
        return a.updatedAt > b.updatedAt;
    });
    return out;
}

Result<QList<Artist>> StoreSnapshotReader::artists()
{
    if (m_s.artist.isEmpty())
        return QList<Artist>();
    return QList<Artist>{Artist{m_s.artist, m_s.artist, m_s.account}};
}

Result<std::optional<Artist>> StoreSnapshotReader::artist(const QString &id)
{
    if (m_s.artist.isEmpty() || id != m_s.artist)
        return std::optional<Artist>();
    return std::optional<Artist>(Artist{m_s.artist, m_s.artist, m_s.account});
}

Result<QList<PaidTransfer>> StoreSnapshotReader::paidTransfers(const QString &artist)
{
    // From the history's entries, grouped by the transfer that paid them.
    // The API gives each entry's last change, not the payment's time: the
    // earliest of a transfer's entries stands for it (a refund later moves
    // only the refunded entries' time).
    QList<PaidTransfer> out;
    if (!mine(artist))
        return out;
    QHash<QString, qsizetype> at;
    for (const Entry &e : std::as_const(m_s.paid)) {
        if (e.transferId.isEmpty())
            continue;
        const auto found = at.constFind(e.transferId);
        if (found == at.cend()) {
            at.insert(e.transferId, out.size());
            out.append(PaidTransfer{e.transferId, e.amount, e.updatedAt});
            continue;
        }
        PaidTransfer &t = out[*found];
        const std::optional<Money> sum = t.amount.plus(e.amount);
        if (!sum)
            return fail(Error::database(
                QStringLiteral("transfer %1: the amounts do not add up").arg(e.transferId)));
        t.amount = *sum;
        if (e.updatedAt < t.paidAt)
            t.paidAt = e.updatedAt;
    }
    std::sort(out.begin(), out.end(),
              [](const PaidTransfer &a, const PaidTransfer &b) { return a.paidAt < b.paidAt; });
    return out;
}

Result<QList<AuditRow>> StoreSnapshotReader::auditRows(const AuditFilter &)
{
    return QList<AuditRow>(); // the store's, read on its machine
}

Result<QList<QuarantinedEvent>> StoreSnapshotReader::quarantine(const QString &)
{
    return QList<QuarantinedEvent>();
}

Result<qint64> StoreSnapshotReader::countQuarantined(const QString &)
{
    return 0;
}

Result<std::optional<QuarantinedEvent>> StoreSnapshotReader::quarantinedEvent(qint64)
{
    return std::optional<QuarantinedEvent>();
}

Result<VerifyReport> StoreSnapshotReader::verify()
{
    return fail(Error::config(QCoreApplication::translate(
        "StoreSnapshotReader", "The ledger is checked on the store's machine (verify).")));
}

Result<QString> StoreSnapshotReader::value(const QString &key)
{
    const QJsonObject &e = m_s.engine;
    const QString state = e[u"state"].toString();
    if (key == EngineStatus::kModeKey)
        return e[u"mode"].toString();
    if (key == EngineStatus::kStateKey) {
        if (state == EngineStatus::kStoppedValue)
            return EngineStatus::kStoppedValue;
        return state == u"running" || state == u"unresponsive" ? EngineStatus::kRunningValue
                                                               : QString();
    }
    if (key == EngineStatus::kHeartbeatKey) {
        // The store judged its engine's heartbeat by its own clock; this one
        // may differ. A live engine beat when it was read, a silent one
        // long before, on this window's clock.
        if (!m_s.engineReadAt.isValid() || (state != u"running" && state != u"unresponsive"))
            return QString();
        const QDateTime beat = state == u"running"
                                   ? m_s.engineReadAt
                                   : m_s.engineReadAt.addMSecs(-EngineStatus::kStaleAfterMs - 1);
        return beat.toUTC().toString(Qt::ISODateWithMs);
    }
    if (key == EngineStatus::kNextRunKey) {
        const QDateTime next = timeOf(e[u"next_run"]);
        return next.isValid() ? next.toString(Qt::ISODateWithMs) : QString();
    }
    if (key == EngineStatus::kLastRunKey)
        return e[u"last_run"].isObject()
                   ? QString::fromUtf8(
                         QJsonDocument(e[u"last_run"].toObject()).toJson(QJsonDocument::Compact))
                   : QString();
    return QString();
}

Status StoreSnapshotReader::setValue(const QString &, const QString &)
{
    return fail(Error::config(QStringLiteral("a connected window writes nothing to the store")));
}
