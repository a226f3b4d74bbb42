#include "Cleanup.h"

#include "ledger/Ledger.h"
#include "ledger/LedgerTypes.h"
#include "money/Money.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QTextStream>

namespace {

constexpr int kMaxListedChanges = 1000; // counts stay exact; the list is for reading

} // namespace

Cleanup::Cleanup(Ledger &ledger, int retentionDays)
    : m_ledger(ledger)
    , m_retentionDays(retentionDays)
{}

Result<Cleanup::Report> Cleanup::run(bool dryRun, const QString &actor)
{
    Report report;
    report.dryRun = dryRun;
    const auto work = [&]() -> Status {
        report = Report{};
        report.dryRun = dryRun;
        if (Status s = voidDuplicates(report, actor); !s)
            return s;
        if (Status s = voidInvalid(report, actor); !s)
            return s;
        if (Status s = archiveStale(report, actor); !s)
            return s;
        if (Status s = countStuck(report); !s)
            return s;
        return m_ledger.auditLog().append(
            actor, dryRun ? QStringLiteral("cleanup.preview") : QStringLiteral("cleanup.applied"),
            {}, 0,
            QStringLiteral("%1 duplicates and %2 invalid entries voided, %3 event "
                           "ids and %4 quarantine rows archived")
                .arg(report.duplicatesVoided)
                .arg(report.invalidVoided)
                .arg(report.eventIdsArchived)
                .arg(report.quarantineArchived));
    };
    const Status s = dryRun ? m_ledger.rehearse(work) : m_ledger.write(work);
    if (!s)
        return fail(s.error());
    qCInfo(lcCleanup).noquote() << (dryRun ? "[CLEANUP] Dry run:" : "[CLEANUP]")
                                << report.duplicatesVoided << "duplicates and"
                                << report.invalidVoided << "invalid entries voided,"
                                << report.eventIdsArchived << "event ids archived";
    return report;
}

Status Cleanup::voidDuplicates(Report &r, const QString &actor)
{
    // Later copies of (payment intent, artist, track, kind); the first stays.
    const Result<QList<CleanupCandidate>> copies = m_ledger.cleanup().duplicateCopies();
    if (!copies)
        return fail(copies.error());
    QList<Change> toVoid;
    for (const CleanupCandidate &c : *copies) {
        if (c.state == EntryState::Paid) {
            ++r.duplicatesAlreadyPaid; // paid twice before the rule existed: a person must act
            continue;
        }
        if (c.state == EntryState::Sending)
            continue; // outcome unknown: never voided, resolved by the engine
        toVoid.append(
            {c.id, c.artist, stateName(c.state), stateName(EntryState::Void), Reason::Duplicate});
    }
    return voidEntries(toVoid, &r.duplicatesVoided, r, actor);
}

Status Cleanup::voidInvalid(Report &r, const QString &actor)
{
    const Result<QList<CleanupCandidate>> invalid =
        m_ledger.cleanup().invalidOpenEntries(Currency::knownCodes());
    if (!invalid)
        return fail(invalid.error());
    QList<Change> toVoid;
    for (const CleanupCandidate &c : *invalid) {
        QString why;
        if (c.amountMinor <= 0)
            why = QStringLiteral("invalid: non-positive amount");
        else if (c.artist.isEmpty() || !c.artistKnown)
            why = QStringLiteral("invalid: missing artist");
        else
            why = QStringLiteral("invalid: unknown currency %1").arg(c.currency);
        toVoid.append({c.id, c.artist, stateName(c.state), stateName(EntryState::Void), why});
    }
    return voidEntries(toVoid, &r.invalidVoided, r, actor);
}

Status Cleanup::voidEntries(const QList<Change> &changes, int *counter, Report &r,
                            const QString &actor)
{
    for (const Change &c : changes) {
        if (Status s = m_ledger.cleanup().voidEntry(c.entryId, c.reason); !s)
            return s;
        if (Status s = m_ledger.auditLog().append(
                actor, QStringLiteral("entry.voided"), c.artist, c.entryId,
                QStringLiteral("%1 -> void: %2").arg(c.from, c.reason));
            !s)
            return s;
        ++*counter;
        if (r.changes.size() < kMaxListedChanges)
            r.changes.append(c);
    }
    return {};
}

Status Cleanup::archiveStale(Report &r, const QString &actor)
{
    const qint64 cutoff = m_ledger.clock().nowMs() - qint64(m_retentionDays) * 24 * 3600 * 1000;
    const Result<int> events = m_ledger.cleanup().archiveProcessedEvents(cutoff);
    if (!events)
        return fail(events.error());
    const Result<int> quarantine = m_ledger.cleanup().archiveQuarantine(cutoff);
    if (!quarantine)
        return fail(quarantine.error());
    r.eventIdsArchived = *events;
    r.quarantineArchived = *quarantine;
    if (r.eventIdsArchived + r.quarantineArchived == 0)
        return {};
    return m_ledger.auditLog().append(
        actor, QStringLiteral("cleanup.archived"), {}, 0,
        QStringLiteral("older than %1 days: %2 event ids, %3 quarantine rows")
            .arg(m_retentionDays)
            .arg(r.eventIdsArchived)
            .arg(r.quarantineArchived));
}

Status Cleanup::countStuck(Report &r)
{
    const Result<int> stuck =
        m_ledger.cleanup().countStuckSending(m_ledger.clock().nowMs() - 3600 * 1000);
    if (!stuck)
        return fail(stuck.error());
    r.stuckSending = *stuck;
    return {};
}

QJsonObject Cleanup::Report::toJson() const
{
    QJsonArray list;
    for (const Change &c : changes)
        list.append(QJsonObject{{QStringLiteral("entry"), c.entryId},
                                {QStringLiteral("artist"), c.artist},
                                {QStringLiteral("from"), c.from},
                                {QStringLiteral("to"), c.to},
                                {QStringLiteral("reason"), c.reason}});
    return QJsonObject{{QStringLiteral("dry_run"), dryRun},
                       {QStringLiteral("duplicates_voided"), duplicatesVoided},
                       {QStringLiteral("invalid_voided"), invalidVoided},
                       {QStringLiteral("duplicates_already_paid"), duplicatesAlreadyPaid},
                       {QStringLiteral("stuck_sending"), stuckSending},
                       {QStringLiteral("event_ids_archived"), eventIdsArchived},
                       {QStringLiteral("quarantine_archived"), quarantineArchived},
                       {QStringLiteral("changes"), list}};
}

QString Cleanup::Report::toText() const
{
    QString out;
    QTextStream ts(&out);
    ts << (dryRun ? "Cleanup preview (nothing changed):\n" : "Cleanup applied:\n");
    for (const Change &c : changes)
        ts << "  entry " << c.entryId << " (" << c.artist << "): " << c.from << " -> " << c.to
           << ", " << c.reason << "\n";
    ts << "Duplicates voided: " << duplicatesVoided << "\n"
       << "Invalid entries voided: " << invalidVoided << "\n"
       << "Event ids archived: " << eventIdsArchived
       << ", quarantine rows archived: " << quarantineArchived << "\n";
    if (duplicatesAlreadyPaid > 0)
        ts << "Attention: " << duplicatesAlreadyPaid
           << " duplicate entries were already paid; reverse those transfers by hand.\n";
    if (stuckSending > 0)
        ts << "Entries in sending for over an hour: " << stuckSending
           << " (the next payout run resends them with their key or reconciles them).\n";
    return out;
}
