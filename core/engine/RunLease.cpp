#include "RunLease.h"

#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <csignal>

namespace {

bool isGoneFromThisHost(const QString &holder)
{
    const QStringList parts = holder.split(u':');
    if (parts.size() != 3 || parts[0] != QHostInfo::localHostName())
        return false;
    bool ok = false;
    const qint64 pid = parts[1].toLongLong(&ok);
    if (!ok || pid <= 0 || pid == QCoreApplication::applicationPid())
        return false;
    return ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

} // namespace

RunLease::RunLease(Ledger &ledger, QString holder)
    : m_ledger(ledger)
    , m_holder(std::move(holder))
{}

QString RunLease::newHolder()
{
    return QStringLiteral("%1:%2:%3")
        .arg(QHostInfo::localHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

Result<bool> RunLease::acquire(qint64 ttlMs)
{
    bool taken = false;
    const Status s = m_ledger.write([&]() -> Status {
        const Result<std::optional<LeaseState>> current = m_ledger.leases().lease(Name);
        if (!current)
            return fail(current.error());
        const qint64 now = m_ledger.clock().nowMs();
        QString gone;
        if (*current && (*current)->holder != m_holder && (*current)->expiresAtMs >= now &&
            isGoneFromThisHost((*current)->holder))
            gone = (*current)->holder;
        const Result<bool> t = m_ledger.leases().take(Name, m_holder, now, now + ttlMs, gone);
        if (!t)
            return fail(t.error());
        taken = *t;
        if (taken && !gone.isEmpty())
            return m_ledger.auditLog().append(QStringLiteral("engine"),
                                              QStringLiteral("lease.recovered"), {}, 0,
                                              QStringLiteral("holder %1 is gone").arg(gone));
        return {};
    });
    if (!s)
        return fail(s.error());
    return taken;
}

Status RunLease::release()
{
    return m_ledger.leases().release(Name, m_holder);
}

Result<std::optional<LeaseState>> RunLease::current()
{
    return m_ledger.leases().lease(Name);
}

Status RunLease::request()
{
    const Result<qint64> raised = m_ledger.leases().addRunRequest(Name);
    if (!raised)
        return fail(raised.error());
    return {};
}

Result<qint64> RunLease::requests()
{
    return m_ledger.leases().runRequests(Name);
}
