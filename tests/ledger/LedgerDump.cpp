#include "LedgerDump.h"

#include "ledger/Ledger.h"
#include "service/EngineStatus.h"

#include <QString>

#include <limits>

namespace {

QString ms(const QDateTime &t)
{
    return t.isValid() ? QString::number(t.toMSecsSinceEpoch()) : QStringLiteral("-");
}

// A read's rows by value (a range-for over a temporary Result's value()
// would dangle); a read that fails ends the test with its reason.
template<typename T> T rowsOf(Result<T> r)
{
    if (!r)
        qFatal("a read failed: %s", qPrintable(r.error().message));
    return std::move(*r);
}

} // namespace

QString dump(Ledger &l)
{
    QString out;
    LedgerReader &r = l.reader();
    for (const ArtistBalance &b : rowsOf(r.balances()))
        out += QStringLiteral("balance %1 %2 %3 %4 %5 %6 %7 %8 %9 %10 n=%11\n")
                   .arg(b.artist, b.currency)
                   .arg(b.pendingMinor)
                   .arg(b.sendingMinor)
                   .arg(b.paidMinor)
                   .arg(b.heldMinor)
                   .arg(b.voidMinor)
                   .arg(b.reversingMinor)
                   .arg(b.reversedMinor)
                   .arg(b.clawbackMinor)
                   .arg(b.entries);
    LedgerReader::EntryFilter all;
    all.limit = 10'000;
    for (const Entry &e : rowsOf(r.entries(all)))
        out += QStringLiteral("entry %1 %2 %3 %4 %5 %6 %7 %8 %9 | %10 | %11 | %12 | %13 %14 %15 "
                              "%16 %17 %18\n")
                   .arg(e.id)
                   .arg(e.artist)
                   .arg(e.amount.minor)
                   .arg(e.amount.currency, kindName(e.kind), e.track, e.reference, e.paymentIntent,
                        stateName(e.state))
                   .arg(e.reason, e.lastError, e.title, e.transferId, e.idempotencyKey)
                   .arg(e.attempts)
                   .arg(ms(e.createdAt), ms(e.updatedAt), ms(e.nextAttemptAt));
    for (const Artist &a : rowsOf(r.artists())) {
        out += QStringLiteral("artist %1 %2 %3\n").arg(a.id, a.name, a.account);
        for (const PaidTransfer &t : rowsOf(r.paidTransfers(a.id)))
            out += QStringLiteral("paid %1 %2 %3\n")
                       .arg(t.transferId, ms(t.paidAt))
                       .arg(t.amount.minor);
    }
    for (const RefundAfterPayout &f : rowsOf(r.refundsAfterPayout()))
        out += QStringLiteral("refund after payout %1 %2 %3 %4\n")
                   .arg(f.entryId)
                   .arg(f.artist, f.transferId, f.reversalId);
    LedgerReader::AuditFilter audit;
    audit.limit = 10'000;
    for (const AuditRow &a : rowsOf(r.auditRows(audit)))
        out += QStringLiteral("audit %1 %2 %3 %4 %5 %6 %7\n")
                   .arg(a.id)
                   .arg(ms(a.at), a.actor, a.action, a.artist)
                   .arg(a.entryId)
                   .arg(a.detail);
    for (const QString &status : {QStringLiteral("open"), QStringLiteral("replayed"),
                                  QStringLiteral("dismissed"), QStringLiteral("archived")})
        for (const QuarantinedEvent &q : rowsOf(r.quarantine(status)))
            out += QStringLiteral("quarantine %1 %2 %3 %4 %5 %6 %7\n")
                       .arg(q.id)
                       .arg(q.eventId, q.type, q.source, q.reason,
                            QString::fromLatin1(q.body.toHex()), q.status);
    for (const ArtistTokenInfo &t : rowsOf(l.tokens().list()))
        out += QStringLiteral("token %1 %2 %3 %4 %5\n")
                   .arg(t.id)
                   .arg(t.artist, t.label, ms(t.createdAt), ms(t.revokedAt));
    const InboxBacklog backlog = l.inbox().backlog().value();
    out +=
        QStringLiteral("inbox waiting %1 oldest %2\n").arg(backlog.waiting).arg(ms(backlog.oldest));
    for (const InboxRow &row : rowsOf(l.inbox().due(100, std::numeric_limits<qint64>::max())))
        out += QStringLiteral("inbox %1 %2 %3\n")
                   .arg(row.id)
                   .arg(row.source, QString::fromLatin1(row.body.toHex()));
    for (const QString &key : {QStringLiteral("poller.cursor"), EngineStatus::kStateKey})
        out += QStringLiteral("meta %1=%2\n").arg(key, l.meta().value(key).value());
    return out;
}
