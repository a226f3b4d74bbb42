#include "PayoutEngine.h"

#include "engine/PayoutWorker.h"
#include "util/Logging.h"

PayoutEngine::PayoutEngine(Config config, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_worker(new PayoutWorker(std::move(config), clock))
{
    qRegisterMetaType<PayoutRunSummary>();
    m_thread.setObjectName(QStringLiteral("payout-engine"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PayoutWorker::runStarted, this, &PayoutEngine::runStarted);
    connect(m_worker, &PayoutWorker::progressChanged, this, &PayoutEngine::progressChanged);
    connect(m_worker, &PayoutWorker::runFinished, this, &PayoutEngine::onFinished);
    // Queued before runFinished: a follow-up when it comes during a run.
    connect(m_worker, &PayoutWorker::runRequested, this, &PayoutEngine::requestRun);
    m_thread.start();
}

PayoutEngine::~PayoutEngine()
{
    // A run in flight is abandoned where it stands: every claimed attempt is
    // already in the ledger with its key, and the next run resolves it.
    m_thread.quit();
    m_thread.wait();
}

void PayoutEngine::requestRun(const QString &trigger)
{
    if (m_running) {
        // Coalesced: however many requests arrive during a run, one more run
        // follows it.
        if (m_followUp.isEmpty())
            qCInfo(lcPayout).noquote()
                << "[PAYOUT] A run is in progress; another will follow it (" << trigger << ")";
        m_followUp = trigger;
        return;
    }
    startRun(trigger);
}

void PayoutEngine::startRun(const QString &trigger)
{
    if (!m_running) {
        m_running = true;
        Q_EMIT runningChanged(true);
    }
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, trigger] { worker->run(trigger); }, Qt::QueuedConnection);
}

void PayoutEngine::onFinished(const PayoutRunSummary &summary)
{
    Q_EMIT runFinished(summary);
    if (!m_followUp.isEmpty()) {
        // Still running, as far as anyone watching is concerned: the busy
        // period goes on with the follow-up.
        startRun(std::exchange(m_followUp, QString()));
        return;
    }
    m_running = false;
    Q_EMIT runningChanged(false);
}
