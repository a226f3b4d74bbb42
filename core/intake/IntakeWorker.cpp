#include "IntakeWorker.h"

IntakeWorker::IntakeWorker(QString ledgerPath, Clock &clock)
    : m_ledger(std::move(ledgerPath), clock)
    , m_intake(m_ledger)
{
    connect(&m_intake, &Intake::cartPurchaseRecorded, this, &IntakeWorker::cartPurchaseRecorded);
    connect(&m_intake, &Intake::eventQuarantined, this, &IntakeWorker::eventQuarantined);
}

QString IntakeWorker::open()
{
    const Status s = m_ledger.open();
    return s ? QString() : s.error().message;
}

void IntakeWorker::process(const QList<ParsedEvent> &events, IntakeSource source)
{
    const Result<QList<IntakeOutcome>> r = m_intake.ingestParsed(events, source);
    Q_EMIT processed(r ? *r : QList<IntakeOutcome>(), r ? QString() : r.error().message);
}

void IntakeWorker::close()
{
    m_ledger.close();
}
