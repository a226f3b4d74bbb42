#pragma once

#include "admin/ArtistTotalsModel.h"

#include <QObject>
#include <QThread>

#include <memory>

class Clock;
class Ledger;

// Reads every artist's totals on a thread of its own, with a ledger
// connection of its own (one Ledger per thread), so that live refreshes of
// the admin view while payouts or imports commit never stall the window;
// only the merge into the model happens on the GUI thread. Requests made
// while a read is in flight are folded into one more read after it.
class TotalsReader final : public QObject
{
    Q_OBJECT
public:
    TotalsReader(QString ledgerPath, Clock &clock, QObject *parent = nullptr);
    ~TotalsReader() override;

    void request();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void rowsRead(const QList<ArtistTotalsModel::Row> &rows);
    void readFailed(const QString &message);

private:
    class Worker;
    void onRead(const QList<ArtistTotalsModel::Row> &rows, const QString &error);

    QThread m_thread;
    Worker *m_worker = nullptr;
    bool m_busy = false;
    bool m_again = false;
};
