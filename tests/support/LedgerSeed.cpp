#include "LedgerSeed.h"
#include "SqliteAccess.h"

#include "Events.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

namespace LedgerSeed {

namespace {
constexpr int kAll = std::numeric_limits<int>::max();
} // namespace

Result<QList<qint64>> sale(Intake &intake, Ledger &ledger, const QString &eventId,
                           const QList<std::pair<QString, qint64>> &items, const QString &currency,
                           qint64 createdSecs, const QString &account)
{
    Events::Cart c;
    c.eventId = eventId;
    c.session = QStringLiteral("cs_test_") + eventId.mid(4);
    c.paymentIntent = QStringLiteral("pi_") + eventId.mid(4);
    c.currency = currency;
    c.created = createdSecs;
    int n = 0;
    for (const auto &[artist, amount] : items)
        c.items.append(
            Events::item(artist, amount, QStringLiteral("trk_%1").arg(++n), {}, account));
    const Result<IntakeOutcome> o = intake.ingestOne(Events::cart(c), IntakeSource::Import);
    if (!o)
        return fail(o.error());
    if (o->kind != IntakeOutcome::Kind::Recorded)
        return fail(Error{Error::Kind::Validation, o->detail});
    const Result<QList<Entry>> all = ledger.reader().entries({{}, {}, kAll});
    if (!all)
        return fail(all.error());
    QList<qint64> ids;
    for (const Entry &e : *all)
        if (e.eventId == eventId)
            ids << e.id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

// SQLite-specific: no store writes an entry's state fields to arbitrary
// values; the stores only make the engine's own moves.
Status change(Ledger &ledger, qint64 entryId, const EntryChange &c)
{
    return ledger.write([&]() -> Status {
        QSqlQuery q(sqliteConnection(ledger));
        q.prepare(QStringLiteral(
            "UPDATE entries SET state = ?, reason = ?, attempts = ?, last_error = ?, "
            "next_attempt_at = ?, transfer_id = ?, idempotency_key = ?, updated_at = ? "
            "WHERE id = ?"));
        const auto text = [](const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); };
        q.addBindValue(stateName(c.state));
        q.addBindValue(text(c.reason));
        q.addBindValue(c.attempts);
        q.addBindValue(text(c.lastError));
        q.addBindValue(c.nextAttemptAt.isValid() ? QVariant(c.nextAttemptAt.toMSecsSinceEpoch())
                                                 : QVariant());
        q.addBindValue(text(c.transferId));
        q.addBindValue(text(c.idempotencyKey));
        q.addBindValue(c.updatedAt.isValid() ? c.updatedAt.toMSecsSinceEpoch()
                                             : ledger.clock().nowMs());
        q.addBindValue(entryId);
        if (!q.exec())
            return fail(Error::database(q.lastError().text()));
        if (q.numRowsAffected() != 1)
            return fail(Error::database(QStringLiteral("no entry %1").arg(entryId)));
        return {};
    });
}

Result<ClaimedTransfer> claim(Ledger &ledger, const QList<qint64> &entryIds)
{
    const Result<QList<Entry>> all = ledger.reader().entries({{}, {}, kAll});
    if (!all)
        return fail(all.error());
    PayoutGroup g;
    for (const qint64 id : entryIds) {
        const auto e =
            std::find_if(all->begin(), all->end(), [id](const Entry &x) { return x.id == id; });
        if (e == all->end())
            return fail(Error::database(QStringLiteral("no entry %1").arg(id)));
        const Result<std::optional<QString>> account = ledger.accounts().account(e->artist);
        if (!account)
            return fail(account.error());
        g.artist = e->artist;
        g.amount = Money(g.amount.minor + e->amount.minor, e->amount.currency);
        g.destination = account->value_or(QString());
        g.entryIds << id;
    }
    const Result<QList<ClaimedTransfer>> claimed = ledger.payouts().claim({g});
    if (!claimed)
        return fail(claimed.error());
    return claimed->first();
}

Status pay(Ledger &ledger, const QList<qint64> &entryIds, const QString &transferId,
           const QDateTime &paidAt)
{
    const Result<ClaimedTransfer> t = claim(ledger, entryIds);
    if (!t)
        return fail(t.error());
    if (Status s = ledger.payouts().recordPaid(*t, transferId, QStringLiteral("req_test")); !s)
        return s;
    // SQLite-specific: history tests need payments on given days; the
    // engine dates them now and no store backdates a row.
    return ledger.write([&]() -> Status {
        QSqlQuery q(sqliteConnection(ledger));
        q.prepare(QStringLiteral("UPDATE entries SET updated_at = ? WHERE idempotency_key = ?"));
        q.addBindValue(paidAt.toMSecsSinceEpoch());
        q.addBindValue(t->idempotencyKey);
        if (!q.exec())
            return fail(Error::database(q.lastError().text()));
        return {};
    });
}

Result<qint64> quarantine(Ledger &ledger, const QString &eventId, const QByteArray &body)
{
    const Status s = ledger.write([&] {
        return ledger.intake().quarantine(eventId, QStringLiteral("checkout.session.completed"),
                                          QStringLiteral("webhook"),
                                          QStringLiteral("metadata.items is missing"), body);
    });
    if (!s)
        return fail(s.error());
    const Result<QList<QuarantinedEvent>> open = ledger.reader().quarantine();
    if (!open)
        return fail(open.error());
    return open->last().id;
}

// SQLite-specific: reads what no store exposes (the audit log).
Result<qint64> scalar(Ledger &ledger, const QString &sql)
{
    QSqlQuery q(sqliteConnection(ledger));
    if (!q.exec(sql) || !q.next())
        return fail(Error::database(q.lastError().text()));
    return q.value(0).toLongLong();
}

} // namespace LedgerSeed
