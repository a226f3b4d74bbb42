#include "ScheduleSource.h"

#include "common/LedgerWatcher.h"
#include "ledger/MetaStore.h"

LedgerSchedule::LedgerSchedule(MetaStore &meta, LedgerWatcher &watcher, QObject *parent)
    : ScheduleSource(parent)
    , m_meta(meta)
{
    connect(&watcher, &LedgerWatcher::ledgerChanged, this, &LedgerSchedule::reload);
    reload();
}

void LedgerSchedule::reload()
{
    const Result<QString> value = m_meta.value(MetaKey);
    QDateTime next;
    if (value && !value->isEmpty()) {
        next = QDateTime::fromString(*value, Qt::ISODateWithMs);
        if (!next.isValid())
            next = QDateTime::fromString(*value, Qt::ISODate);
    }
    if (next == m_next && next.isValid() == m_next.isValid())
        return;
    m_next = next;
    Q_EMIT nextRunChanged(m_next);
}
