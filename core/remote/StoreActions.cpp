#include "StoreActions.h"

#include <QCoreApplication>
#include <QTimer>

namespace {

template<class T> void refuse(QObject *context, AdminActions::Reply<T> done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] {
        done(Result<T>(fail(Error::config(StoreActions::refusal()))));
    });
}

} // namespace

QString StoreActions::refusal()
{
    return QCoreApplication::translate("StoreActions",
                                       "Your store makes this change; ask the store to make it.");
}

void StoreActions::linkArtist(const QString &, const QString &, const QString &, QObject *context,
                              Reply<int> done)
{
    refuse(context, std::move(done));
}

void StoreActions::releaseHolds(const QString &, const QString &, QObject *context,
                                Reply<AccountRules::HoldRelease> done)
{
    refuse(context, std::move(done));
}

void StoreActions::resetAccount(const QString &, const QString &, QObject *context,
                                Reply<AccountResetOutcome> done)
{
    refuse(context, std::move(done));
}

void StoreActions::runCleanup(bool, const QString &, QObject *context, Reply<Cleanup::Report> done)
{
    refuse(context, std::move(done));
}

void StoreActions::replayQuarantined(qint64, const QString &, QObject *context, Reply<QString> done)
{
    refuse(context, std::move(done));
}

void StoreActions::dismissQuarantined(qint64, const QString &, const QString &, QObject *context,
                                      Reply<bool> done)
{
    refuse(context, std::move(done));
}
