#include "AdminJson.h"

#include "account/AccountRules.h"

#include <QHash>

namespace AdminJson {

namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

} // namespace

QJsonObject artist(const Artist &a)
{
    return {{QStringLiteral("id"), a.id}, {QStringLiteral("account"), orNull(a.account)}};
}

QJsonObject token(const ArtistTokenInfo &t)
{
    return {{QStringLiteral("id"), t.id},
            {QStringLiteral("artist"), t.artist},
            {QStringLiteral("label"), t.label},
            {QStringLiteral("created_at"), time(t.createdAt)},
            {QStringLiteral("last_used_at"), time(t.lastUsedAt)},
            {QStringLiteral("revoked_at"), time(t.revokedAt)}};
}

QJsonObject quarantined(const QuarantinedEvent &e, bool withBody)
{
    QJsonObject o{
        {QStringLiteral("id"), e.id},         {QStringLiteral("event_id"), e.eventId},
        {QStringLiteral("type"), e.type},     {QStringLiteral("source"), e.source},
        {QStringLiteral("reason"), e.reason}, {QStringLiteral("received_at"), time(e.receivedAt)},
        {QStringLiteral("status"), e.status}};
    if (withBody)
        o.insert(QStringLiteral("body"), QString::fromUtf8(e.body));
    return o;
}

QJsonObject reversal(const RefundAfterPayout &r)
{
    return {{QStringLiteral("entry_id"), r.entryId},
            {QStringLiteral("artist"), r.artist},
            {QStringLiteral("currency"), r.amount.currency},
            {QStringLiteral("amount_minor"), r.amount.minor},
            {QStringLiteral("reference"), r.reference},
            {QStringLiteral("track"), r.track},
            {QStringLiteral("track_title"), r.title},
            {QStringLiteral("transfer_id"), r.transferId},
            {QStringLiteral("state"), stateName(r.state)},
            {QStringLiteral("reversal_id"), orNull(r.reversalId)},
            {QStringLiteral("attempts"), r.attempts},
            {QStringLiteral("last_error"), orNull(r.lastError)},
            {QStringLiteral("next_attempt_at"), time(r.nextAttemptAt)},
            {QStringLiteral("recovery_entry_id"),
             r.recoveryEntryId > 0 ? QJsonValue(r.recoveryEntryId) : QJsonValue()},
            {QStringLiteral("recovery_state"),
             r.recoveryState ? QJsonValue(stateName(*r.recoveryState)) : QJsonValue()},
            {QStringLiteral("updated_at"), time(r.updatedAt)}};
}

Result<QJsonArray> holds(LedgerReader &reader, const QString &artist)
{
    const Result<QList<HeldTotal>> held = reader.heldTotals(artist);
    if (!held)
        return fail(held.error());
    const Result<QList<Artist>> artists = reader.artists();
    if (!artists)
        return fail(artists.error());
    QHash<QString, bool> linked;
    for (const Artist &a : *artists)
        linked.insert(a.id, !a.account.isEmpty());
    QJsonArray out;
    for (const HeldTotal &h : *held)
        out.append(QJsonObject{{QStringLiteral("artist"), h.artist},
                               {QStringLiteral("currency"), h.currency},
                               {QStringLiteral("reason"), h.reason},
                               {QStringLiteral("entries"), h.entries},
                               {QStringLiteral("amount_minor"), h.amountMinor},
                               {QStringLiteral("releasable"),
                                AccountRules::personMayRelease(h.reason, linked.value(h.artist))}});
    return out;
}

} // namespace AdminJson
