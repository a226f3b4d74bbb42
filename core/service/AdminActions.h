#pragma once

#include "account/AccountReset.h"
#include "account/AccountRules.h"
#include "engine/Cleanup.h"
#include "util/Error.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class Intake;
class Ledger;

// Every change the window makes to the ledger, as requests with values in
// and values out: link an artist, reset an account, run the cleanup, replay
// a quarantined event. The window holds this interface, never a Ledger, so
// the same window can drive a ledger in this process (LocalAdminActions) or
// a server over HTTP (issue 11).
//
// Each request answers once through done, on the caller's thread and always
// after the call has returned (never from inside it), while context lives;
// a slow one (a backup, a cleanup, a remote call) does not block the caller.
class AdminActions
{
public:
    template<class T> using Reply = std::function<void(const Result<T> &)>;

    virtual ~AdminActions() = default;

    // Links the artist to a connected account and releases the money held
    // for lack of one; answers how many entries were released.
    virtual void linkArtist(const QString &artist, const QString &account, const QString &actor,
                            QObject *context, Reply<int> done) = 0;
    // Moves the artist's held money that a person may release (every reason
    // but the lack of an account) back to pending, with an audit row, as
    // `holds release` does; fails, changing nothing, when there is none.
    virtual void releaseHolds(const QString &artist, const QString &actor, QObject *context,
                              Reply<AccountRules::HoldRelease> done) = 0;
    // Writes a backup of the ledger, then unlinks the artist and holds
    // their pending money (AccountReset); nothing changes if the backup fails.
    virtual void resetAccount(const QString &artist, const QString &actor, QObject *context,
                              Reply<AccountResetOutcome> done) = 0;
    // The engine's Cleanup; a dry run reports what the real one would change.
    virtual void runCleanup(bool dryRun, const QString &actor, QObject *context,
                            Reply<Cleanup::Report> done) = 0;
    // Runs a quarantined event through intake again; answers what intake
    // made of it (an error: still refused, and nothing changed).
    virtual void replayQuarantined(qint64 quarantineId, const QString &actor, QObject *context,
                                   Reply<QString> done) = 0;
    // Marks an open quarantined event dismissed (kept, never replayed), with
    // the person's reason in its audit row; false when it is not open.
    virtual void dismissQuarantined(qint64 quarantineId, const QString &reason,
                                    const QString &actor, QObject *context, Reply<bool> done) = 0;
};

// AdminActions on a ledger of this process. Quick writes (link, replay, the
// reset itself) run on the ledger's thread; the backup before a reset and
// the cleanup run on worker threads, each with a connection of its own
// opened from the ledger's location, so neither freezes the window. The
// window's LedgerWatcher sees their commits like any other connection's.
class LocalAdminActions final : public QObject, public AdminActions
{
    Q_OBJECT
public:
    // backupDir: where a reset's backup goes; retentionDays: the cleanup's.
    LocalAdminActions(Ledger &ledger, QString backupDir, int retentionDays,
                      QObject *parent = nullptr);
    ~LocalAdminActions() override;

    // The intake replays go through; an engine in this process follows its
    // cart purchases (EngineHost::followPurchases).
    Intake &intake() const { return *m_intake; }

    void linkArtist(const QString &artist, const QString &account, const QString &actor,
                    QObject *context, Reply<int> done) override;
    void releaseHolds(const QString &artist, const QString &actor, QObject *context,
                      Reply<AccountRules::HoldRelease> done) override;
    void resetAccount(const QString &artist, const QString &actor, QObject *context,
                      Reply<AccountResetOutcome> done) override;
    void runCleanup(bool dryRun, const QString &actor, QObject *context,
                    Reply<Cleanup::Report> done) override;
    void replayQuarantined(qint64 quarantineId, const QString &actor, QObject *context,
                           Reply<QString> done) override;
    void dismissQuarantined(qint64 quarantineId, const QString &reason, const QString &actor,
                            QObject *context, Reply<bool> done) override;

private:
    template<class T> void answer(QObject *context, Reply<T> done, Result<T> result);
    // Runs work on a worker thread and then(result) back here.
    template<class T>
    void background(std::function<Result<T>()> work, std::function<void(Result<T>)> then);

    Ledger &m_ledger;
    QString m_backupDir;
    int m_retentionDays;
    std::unique_ptr<Intake> m_intake;
};
