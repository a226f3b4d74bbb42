#pragma once

#include "service/AdminActions.h"

// The AdminActions of a window connected to a store: none. Linking,
// resets, cleanups and replays change the store's ledger, which only the
// store's admin does (the admin API, issue 11 part 1); each request answers
// that, after the call returned, as AdminActions promises.
class StoreActions final : public AdminActions
{
public:
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

    static QString refusal();
};
