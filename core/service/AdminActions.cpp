#include "AdminActions.h"

#include "AdminWrites.h"

#include "account/AccountRules.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

LocalAdminActions::LocalAdminActions(Ledger &ledger, QString backupDir, int retentionDays,
                                     QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
    , m_backupDir(std::move(backupDir))
    , m_retentionDays(retentionDays)
    , m_intake(std::make_unique<Intake>(ledger))
{}

LocalAdminActions::~LocalAdminActions()
{
    // Work still running on a worker thread uses the ledger's clock: it
    // finishes before this object (and, after it, the ledger) goes.
    for (QFutureWatcherBase *watcher : findChildren<QFutureWatcherBase *>())
        watcher->waitForFinished();
}

template<class T> void LocalAdminActions::answer(QObject *context, Reply<T> done, Result<T> result)
{
    // Queued even when the result is ready: a caller never sees its own
    // request answered from inside the call, locally or remotely.
    const QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        this,
        [guard, done = std::move(done), result = std::move(result)] {
            if (guard)
                done(result);
        },
        Qt::QueuedConnection);
}

template<class T>
void LocalAdminActions::background(std::function<Result<T>()> work,
                                   std::function<void(Result<T>)> then)
{
    auto *watcher = new QFutureWatcher<Result<T>>(this);
    connect(watcher, &QFutureWatcher<Result<T>>::finished, this, [watcher, then] {
        then(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

void LocalAdminActions::linkArtist(const QString &artist, const QString &account,
                                   const QString &actor, QObject *context, Reply<int> done)
{
    answer(context, std::move(done), AccountRules::linkArtist(m_ledger, artist, account, actor));
}

void LocalAdminActions::releaseHolds(const QString &artist, const QString &actor, QObject *context,
                                     Reply<AccountRules::HoldRelease> done)
{
    answer(context, std::move(done), AccountRules::releaseHeld(m_ledger, artist, {}, actor));
}

void LocalAdminActions::resetAccount(const QString &artist, const QString &actor, QObject *context,
                                     Reply<AccountResetOutcome> done)
{
    const LedgerLocation location = m_ledger.location();
    const QString dir = m_backupDir;
    const QDateTime now = m_ledger.clock().now();
    const QPointer<QObject> guard(context);
    background<QString>(
        [location, dir, artist, now] { return AccountReset::backup(location, dir, artist, now); },
        [this, guard, done = std::move(done), artist, actor](Result<QString> backup) {
            if (!guard)
                return; // nobody waits for it: the backup stays, nothing is changed
            if (!backup) {
                // Said so, because it is the reason nothing was changed.
                done(fail(Error{backup.error().kind,
                                QStringLiteral("the backup could not be written (%1)")
                                    .arg(backup.error().message)}));
                return;
            }
            // On the ledger's thread, after the backup was written.
            done(AccountReset::apply(m_ledger, artist, actor, *backup));
        });
}

void LocalAdminActions::runCleanup(bool dryRun, const QString &actor, QObject *context,
                                   Reply<Cleanup::Report> done)
{
    const LedgerLocation location = m_ledger.location();
    Clock *clock = &m_ledger.clock();
    const int retention = m_retentionDays;
    const QPointer<QObject> guard(context);
    background<Cleanup::Report>(
        [location, clock, retention, dryRun, actor]() -> Result<Cleanup::Report> {
            Ledger ledger(location, *clock);
            if (Status s = ledger.open(); !s)
                return fail(s.error());
            return Cleanup(ledger, retention).run(dryRun, actor);
        },
        [guard, done = std::move(done)](Result<Cleanup::Report> report) {
            if (guard)
                done(report);
        });
}

void LocalAdminActions::replayQuarantined(qint64 quarantineId, const QString &actor,
                                          QObject *context, Reply<QString> done)
{
    const Result<IntakeOutcome> outcome = m_intake->replayQuarantined(quarantineId, actor);
    answer(context, std::move(done),
           outcome ? Result<QString>(outcome->detail) : Result<QString>(fail(outcome.error())));
}

void LocalAdminActions::dismissQuarantined(qint64 quarantineId, const QString &reason,
                                           const QString &actor, QObject *context, Reply<bool> done)
{
    answer(context, std::move(done),
           AdminWrites::dismissQuarantined(m_ledger, quarantineId, actor, reason));
}
