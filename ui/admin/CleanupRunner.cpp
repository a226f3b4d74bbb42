#include "CleanupRunner.h"

#include "service/AdminActions.h"

CleanupRunner::CleanupRunner(AdminActions &actions, QObject *parent)
    : QObject(parent)
    , m_actions(actions)
{}

void CleanupRunner::start(bool dryRun)
{
    if (isRunning())
        return;
    m_busy = true;
    m_actions.runCleanup(dryRun, QStringLiteral("admin"), this,
                         [this](const Result<Cleanup::Report> &report) {
                             m_result = report;
                             m_busy = false;
                             Q_EMIT finished();
                         });
}

int CleanupRunner::changeCount(const Cleanup::Report &r)
{
    return r.duplicatesVoided + r.invalidVoided + r.eventIdsArchived + r.quarantineArchived;
}

QString CleanupRunner::describe(const Cleanup::Report &r, int maxListed)
{
    QStringList lines;
    // One thing said once: either nothing to change, or what changes.
    if (changeCount(r) == 0) {
        lines << (r.dryRun ? tr("The cleanup found nothing to change.")
                           : tr("The cleanup changed nothing."));
    } else {
        lines << (r.dryRun ? tr("The cleanup would change:") : tr("The cleanup changed:"));
        lines << tr("Duplicate entries voided: %1").arg(r.duplicatesVoided);
        lines << tr("Invalid entries voided: %1").arg(r.invalidVoided);
        lines << tr("Processed event ids archived: %1").arg(r.eventIdsArchived);
        lines << tr("Quarantined events archived: %1").arg(r.quarantineArchived);
    }
    if (r.duplicatesAlreadyPaid > 0)
        lines << tr("Attention: %n duplicate entries were already paid; reverse those "
                    "transfers by hand.",
                    nullptr, r.duplicatesAlreadyPaid);
    if (r.stuckSending > 0)
        lines << tr("%n entries have been in processing for over an hour; the next payout "
                    "run resends or reconciles them (cleanup never voids them).",
                    nullptr, r.stuckSending);
    const qsizetype listed = qMin<qsizetype>(r.changes.size(), maxListed);
    for (qsizetype i = 0; i < listed; ++i) {
        const Cleanup::Change &c = r.changes.at(i);
        lines << tr("  entry %1 (%2): %3 → %4, %5")
                     .arg(c.entryId)
                     .arg(c.artist, c.from, c.to, c.reason);
    }
    if (r.changes.size() > listed)
        lines << tr("  … and %n more", nullptr, int(r.changes.size() - listed));
    return lines.join(u'\n');
}
