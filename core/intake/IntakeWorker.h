#pragma once

#include "intake/Intake.h"
#include "ledger/Ledger.h"

#include <QObject>

// Lives on a writer thread with its own ledger connection (Qt Sql
// connections stay on the thread that opened them) and commits batches of
// events handed to it.
class IntakeWorker final : public QObject
{
    Q_OBJECT
public:
    IntakeWorker(QString ledgerPath, Clock &clock);

    Q_INVOKABLE QString open();
    void process(const QList<ParsedEvent> &events, IntakeSource source);
    Q_INVOKABLE void close();

Q_SIGNALS:
    void processed(const QList<IntakeOutcome> &outcomes, const QString &error);
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);

private:
    Ledger m_ledger;
    Intake m_intake;
};
