#include "StatusReport.h"

#include "intake/EventsPoller.h"
#include "intake/WebhookJournal.h"
#include "ledger/Ledger.h"
#include "service/EngineHost.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QLocale>
#include <QMap>
#include <QTextStream>

#include <tuple>

Result<StatusReport> StatusReport::build(Ledger &ledger, const QString &artist,
                                         const QString &journalDir)
{
    StatusReport r;
    r.ledgerPath = ledger.location().displayName();
    Result<QList<ArtistBalance>> balances = ledger.reader().balances(artist);
    if (!balances)
        return fail(balances.error());
    r.balances = std::move(*balances);
    for (const ArtistBalance &b : std::as_const(r.balances))
        for (std::size_t s = 0; s < std::size(kAllEntryStates); ++s)
            r.countByState[s] += b.countByState[s];
    if (const Result<qint64> open = ledger.reader().countQuarantined())
        r.quarantined = *open;
    if (Result<QList<HeldTotal>> held = ledger.reader().heldTotals(artist))
        r.held = std::move(*held);
    if (const Result<QList<RefundAfterPayout>> refunds =
            ledger.reader().refundsAfterPayout(artist)) {
        QMap<std::tuple<QString, QString, int>, Refunded> byKey;
        for (const RefundAfterPayout &x : *refunds) {
            Refunded &sum = byKey[{x.artist, x.amount.currency, int(x.state)}];
            sum.artist = x.artist;
            sum.currency = x.amount.currency;
            sum.state = x.state;
            ++sum.entries;
            // Each is an entry's amount: a total the ledger's checked sums allow.
            sum.amountMinor += x.amount.minor;
            if (x.recoveryState == EntryState::Pending || x.recoveryState == EntryState::Held)
                sum.toRecoverMinor += x.amount.minor;
        }
        r.refunded = byKey.values();
    }
    if (Result<EngineStatus> engine = EngineStatus::read(ledger.meta(), ledger.clock().now()))
        r.engine = std::move(*engine);
    r.nextRun = r.engine.nextRun;
    r.readPoller(ledger, ledger.clock().now());
    r.readInbox(ledger, journalDir, ledger.clock().now());
    return r;
}

void StatusReport::readInbox(Ledger &ledger, const QString &journalDir, const QDateTime &now)
{
    QDateTime oldest;
    if (const Result<InboxBacklog> b = ledger.inbox().backlog()) {
        inboxBacklog = b->waiting;
        inboxRetrying = b->retrying;
        oldest = b->oldest;
    }
    const Result<QString> id =
        journalDir.isEmpty() ? Result<QString>(QString()) : WebhookJournal::readId(journalDir);
    if (id && !id->isEmpty()) {
        const Result<QString> mark = ledger.meta().value(WebhookJournal::appliedKey(*id));
        const Result<WebhookJournal::Backlog> j =
            WebhookJournal::backlog(journalDir, mark ? mark->toLongLong() : 0);
        if (j) {
            inboxBacklog += j->waiting;
            const QDateTime at = j->oldestMs >= 0
                                     ? QDateTime::fromMSecsSinceEpoch(j->oldestMs, Qt::UTC)
                                     : QDateTime();
            if (at.isValid() && (!oldest.isValid() || at < oldest))
                oldest = at;
        }
    }
    inboxOldestAgeSecs = oldest.isValid() ? qMax<qint64>(0, oldest.secsTo(now)) : 0;
}

void StatusReport::readPoller(Ledger &ledger, const QDateTime &now)
{
    const Result<QString> last = ledger.meta().value(QStringLiteral("poller.last_success"));
    lastPoll =
        last && !last->isEmpty() ? QDateTime::fromString(*last, Qt::ISODateWithMs) : QDateTime();
    pollGapTooLong = lastPoll.isValid() && lastPoll.msecsTo(now) > EventsPoller::kStripeRetentionMs;
}

QJsonObject StatusReport::toJson() const
{
    QJsonArray artists;
    for (const ArtistBalance &b : balances) {
        artists.append(QJsonObject{
            {QStringLiteral("artist"), b.artist},
            {QStringLiteral("currency"), b.currency},
            {QStringLiteral("pending_minor"), b.pendingMinor},
            {QStringLiteral("sending_minor"), b.sendingMinor},
            {QStringLiteral("held_minor"), b.heldMinor},
            {QStringLiteral("paid_minor"), b.paidMinor},
            {QStringLiteral("void_minor"), b.voidMinor},
            {QStringLiteral("entries"), b.entries},
        });
    }
    QJsonArray heldArray;
    for (const Held &h : held)
        heldArray.append(QJsonObject{{QStringLiteral("artist"), h.artist},
                                     {QStringLiteral("currency"), h.currency},
                                     {QStringLiteral("reason"), h.reason},
                                     {QStringLiteral("entries"), h.entries},
                                     {QStringLiteral("amount_minor"), h.amountMinor}});
    QJsonArray refundedArray;
    for (const Refunded &x : refunded)
        refundedArray.append(QJsonObject{{QStringLiteral("artist"), x.artist},
                                         {QStringLiteral("currency"), x.currency},
                                         {QStringLiteral("state"), stateName(x.state)},
                                         {QStringLiteral("entries"), x.entries},
                                         {QStringLiteral("amount_minor"), x.amountMinor},
                                         {QStringLiteral("to_recover_minor"), x.toRecoverMinor}});
    QJsonObject states;
    for (EntryState s : kAllEntryStates)
        states.insert(stateName(s), countByState[int(s)]);
    return QJsonObject{
        {QStringLiteral("ledger"), ledgerPath},
        {QStringLiteral("mode"), mode()},
        {QStringLiteral("engine"),
         QJsonObject{{QStringLiteral("state"), EngineStatus::stateName(engine.state)},
                     {QStringLiteral("alive"), engine.alive()},
                     {QStringLiteral("mode"), engine.mode.isEmpty() ? QJsonValue() : engine.mode},
                     {QStringLiteral("heartbeat"),
                      engine.heartbeat.isValid()
                          ? QJsonValue(engine.heartbeat.toUTC().toString(Qt::ISODate))
                          : QJsonValue()}}},
        {QStringLiteral("artists"), artists},
        {QStringLiteral("states"), states},
        {QStringLiteral("held"), heldArray},
        {QStringLiteral("refunded_after_payout"), refundedArray},
        {QStringLiteral("quarantined"), quarantined},
        {QStringLiteral("next_run"),
         nextRun.isValid() ? QJsonValue(nextRun.toUTC().toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("last_poll"),
         lastPoll.isValid() ? QJsonValue(lastPoll.toUTC().toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("poll_gap_too_long"), pollGapTooLong},
        {QStringLiteral("inbox"),
         QJsonObject{{QStringLiteral("backlog"), inboxBacklog},
                     {QStringLiteral("oldest_age_secs"), inboxOldestAgeSecs},
                     {QStringLiteral("retrying"), inboxRetrying}}},
    };
}

QString StatusReport::toText(const QLocale &locale) const
{
    QString out;
    QTextStream ts(&out);
    ts << "Ledger: " << ledgerPath << "\n";
    const auto at = [&](const QDateTime &t) {
        return locale.toString(t.toLocalTime(), QLocale::ShortFormat);
    };
    switch (engine.state) {
    case EngineStatus::State::Running:
        ts << "Engine: running in " << engine.mode << " mode (last heartbeat "
           << at(engine.heartbeat) << ")\n";
        break;
    case EngineStatus::State::Stopped:
        ts << "Engine: stopped"
           << (engine.heartbeat.isValid() ? QStringLiteral(" since ") + at(engine.heartbeat)
                                          : QString())
           << " (it ran in " << engine.mode << " mode)\n";
        break;
    case EngineStatus::State::Unresponsive:
        ts << "Engine: not responding; its last heartbeat was " << at(engine.heartbeat) << " ("
           << engine.mode << " mode)\n";
        break;
    case EngineStatus::State::Unknown:
        ts << "Engine: none has run on this ledger";
        if (!configuredMode.isEmpty())
            ts << "; the settings here would run it in " << configuredMode << " mode";
        ts << "\n";
        break;
    }

    QMap<QString, qint64> pendingByCurrency;
    for (const ArtistBalance &b : balances)
        pendingByCurrency[b.currency] += b.pendingMinor;
    QStringList totals;
    for (auto it = pendingByCurrency.cbegin(); it != pendingByCurrency.cend(); ++it)
        totals << Money{it.value(), it.key()}.format(locale);
    ts << "Pending total: " << (totals.isEmpty() ? QStringLiteral("nothing") : totals.join(u", "))
       << "\n\n";

    if (!balances.isEmpty()) {
        ts << qSetFieldWidth(16) << Qt::left << "ARTIST" << qSetFieldWidth(5) << "CUR"
           << qSetFieldWidth(15) << Qt::right << "PENDING"
           << "HELD"
           << "PAID" << qSetFieldWidth(9) << "ENTRIES" << qSetFieldWidth(0) << "\n";
        for (const ArtistBalance &b : balances) {
            ts << qSetFieldWidth(16) << Qt::left << b.artist << qSetFieldWidth(5)
               << b.currency.toUpper() << qSetFieldWidth(15) << Qt::right
               << Money{b.pendingMinor, b.currency}.format(locale)
               << Money{b.heldMinor, b.currency}.format(locale)
               << Money{b.paidMinor, b.currency}.format(locale) << qSetFieldWidth(9) << b.entries
               << qSetFieldWidth(0) << "\n";
        }
        ts << "\n";
    }
    QStringList states;
    for (EntryState s : kAllEntryStates)
        states << QStringLiteral("%1 %2").arg(stateName(s)).arg(countByState[int(s)]);
    ts << "Entries: " << states.join(QStringLiteral(", ")) << "\n";
    for (const Held &h : held)
        ts << "On hold: " << h.artist << " " << Money(h.amountMinor, h.currency).format(locale)
           << " in " << h.entries << (h.entries == 1 ? " entry" : " entries") << ": "
           << (h.reason.isEmpty() ? QStringLiteral("no reason recorded") : h.reason) << "\n";
    for (const Refunded &x : refunded) {
        ts << "Refunded after payout: " << x.artist << " "
           << Money(x.amountMinor, x.currency).format(locale) << " in " << x.entries
           << (x.entries == 1 ? " entry" : " entries") << ": ";
        switch (x.state) {
        case EntryState::Reversing:
            ts << "a transfer reversal takes it back in the next payout run\n";
            break;
        case EntryState::Reversed:
            ts << "taken back with a transfer reversal\n";
            break;
        default:
            ts << "clawed back from later payouts (Stripe refused the reversal)";
            if (x.toRecoverMinor > 0)
                ts << ", " << Money(x.toRecoverMinor, x.currency).format(locale)
                   << " still to recover";
            ts << "\n";
            break;
        }
    }
    ts << "Quarantined events: " << quarantined << "\n";
    ts << "Webhook inbox: ";
    if (inboxBacklog == 0)
        ts << "empty (every event received is applied)\n";
    else
        ts << inboxBacklog << (inboxBacklog == 1 ? " event" : " events")
           << " waiting to be applied, the oldest " << inboxOldestAgeSecs << " s old"
           << (inboxRetrying > 0
                   ? QStringLiteral(" (%1 retrying after a database error)").arg(inboxRetrying)
                   : QString())
           << "\n";
    if (pollGapTooLong)
        ts << "Warning: the Events API was last polled on "
           << locale.toString(lastPoll.toLocalTime(), QLocale::ShortFormat)
           << "; Stripe keeps events for 30 days, so older sales must be imported from a file.\n";
    ts << "Next run: "
       << (nextRun.isValid() ? locale.toString(nextRun.toLocalTime(), QLocale::ShortFormat)
           : engine.alive()  ? QStringLiteral("not scheduled")
                             : QStringLiteral("not scheduled (no engine is running)"))
       << "\n";
    return out;
}
