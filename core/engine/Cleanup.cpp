#include "Cleanup.h"

#include "ledger/Ledger.h"
#include "ledger/LedgerTypes.h"
#include "money/Money.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

namespace {

constexpr int kMaxListedChanges = 1000; // counts stay exact; the list is for reading

Error sqlError(const QSqlQuery &q, const char *what)
{
    return Error::database(QString::fromLatin1(what) + QStringLiteral(": ") + q.lastError().text());
}

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
        return m_ledger.audit(
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
    QSqlQuery q(m_ledger.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT e.id, e.artist, e.state FROM entries e JOIN ("
            "  SELECT payment_intent, artist, track, kind, MIN(id) AS first_id FROM entries "
            "  WHERE state <> 'void' GROUP BY payment_intent, artist, track, kind "
            "  HAVING COUNT(*) > 1) d "
            "ON e.payment_intent = d.payment_intent AND e.artist = d.artist "
            "AND e.track = d.track AND e.kind = d.kind "
            "WHERE e.state <> 'void' AND e.id > d.first_id ORDER BY e.id")))
        return fail(sqlError(q, "cannot find duplicates"));
    QList<Change> toVoid;
    while (q.next()) {
        const QString state = q.value(2).toString();
        if (state == u"paid") {
            ++r.duplicatesAlreadyPaid; // paid twice before the rule existed: a person must act
            continue;
        }
        if (state == u"sending")
            continue; // outcome unknown: never voided, resolved by the engine
        toVoid.append({q.value(0).toLongLong(), q.value(1).toString(), state,
                       QStringLiteral("void"), Reason::Duplicate});
    }
    q.finish();
    return voidEntries(toVoid, &r.duplicatesVoided, r, actor);
}

Status Cleanup::voidInvalid(Report &r, const QString &actor)
{
    QStringList codes;
    for (const QString &c : Currency::knownCodes())
        codes << u'\'' + c + u'\'';
    QSqlQuery q(m_ledger.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
                    "SELECT id, artist, state, amount_minor, currency, "
                    "  (SELECT COUNT(*) FROM artists a WHERE a.id = e.artist) FROM entries e "
                    "WHERE state IN ('pending', 'held') AND (amount_minor <= 0 OR artist = '' "
                    "  OR NOT EXISTS (SELECT 1 FROM artists a WHERE a.id = e.artist) "
                    "  OR currency NOT IN (%1)) ORDER BY id")
                    .arg(codes.join(u','))))
        return fail(sqlError(q, "cannot find invalid entries"));
    QList<Change> toVoid;
    while (q.next()) {
        QString why;
        if (q.value(3).toLongLong() <= 0)
            why = QStringLiteral("invalid: non-positive amount");
        else if (q.value(1).toString().isEmpty() || q.value(5).toInt() == 0)
            why = QStringLiteral("invalid: missing artist");
        else
            why = QStringLiteral("invalid: unknown currency %1").arg(q.value(4).toString());
        toVoid.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                       QStringLiteral("void"), why});
    }
    q.finish();
    return voidEntries(toVoid, &r.invalidVoided, r, actor);
}

Status Cleanup::voidEntries(const QList<Change> &changes, int *counter, Report &r,
                            const QString &actor)
{
    QSqlQuery u(m_ledger.database());
    u.prepare(QStringLiteral("UPDATE entries SET state = 'void', reason = ?, updated_at = ? "
                             "WHERE id = ?"));
    for (const Change &c : changes) {
        u.addBindValue(c.reason);
        u.addBindValue(m_ledger.clock().nowMs());
        u.addBindValue(c.entryId);
        if (!u.exec())
            return fail(sqlError(u, "cannot void an entry"));
        if (Status s = m_ledger.audit(actor, QStringLiteral("entry.voided"), c.artist, c.entryId,
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
    const qint64 now = m_ledger.clock().nowMs();
    const qint64 cutoff = now - qint64(m_retentionDays) * 24 * 3600 * 1000;
    QSqlQuery q(m_ledger.database());
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO processed_events_archive (event_id, type, "
                             "source, outcome, received_at, archived_at) SELECT event_id, type, "
                             "source, outcome, received_at, ? FROM processed_events "
                             "WHERE received_at < ?"));
    q.addBindValue(now);
    q.addBindValue(cutoff);
    if (!q.exec())
        return fail(sqlError(q, "cannot archive event ids"));
    q.prepare(QStringLiteral("DELETE FROM processed_events WHERE received_at < ?"));
    q.addBindValue(cutoff);
    if (!q.exec())
        return fail(sqlError(q, "cannot archive event ids"));
    r.eventIdsArchived = q.numRowsAffected();
    q.prepare(QStringLiteral("UPDATE quarantine SET status = 'archived' "
                             "WHERE status <> 'archived' AND received_at < ?"));
    q.addBindValue(cutoff);
    if (!q.exec())
        return fail(sqlError(q, "cannot archive quarantine rows"));
    r.quarantineArchived = q.numRowsAffected();
    if (r.eventIdsArchived + r.quarantineArchived == 0)
        return {};
    return m_ledger.audit(actor, QStringLiteral("cleanup.archived"), {}, 0,
                          QStringLiteral("older than %1 days: %2 event ids, %3 quarantine rows")
                              .arg(m_retentionDays)
                              .arg(r.eventIdsArchived)
                              .arg(r.quarantineArchived));
}

Status Cleanup::countStuck(Report &r)
{
    QSqlQuery q(m_ledger.database());
    q.prepare(
        QStringLiteral("SELECT COUNT(*) FROM entries WHERE state = 'sending' AND updated_at < ?"));
    q.addBindValue(m_ledger.clock().nowMs() - 3600 * 1000);
    if (!q.exec() || !q.next())
        return fail(sqlError(q, "cannot count stuck entries"));
    r.stuckSending = q.value(0).toInt();
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
