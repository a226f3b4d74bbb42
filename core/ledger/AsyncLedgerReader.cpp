#include "AsyncLedgerReader.h"

#include "ledger/Ledger.h"

#include <memory>

// Lives on the reader's thread and owns the connection there: it opens the
// ledger at the first read (so opening never blocks the window either) and
// closes it when the thread ends.
class AsyncLedgerReader::Worker final : public QObject
{
public:
    Worker(LedgerLocation location, Clock &clock)
        : m_location(std::move(location))
        , m_clock(clock)
    {}

    // Null with the reason in m_openError when the ledger cannot be opened;
    // the next read tries again (a server may be back).
    LedgerReader *reader()
    {
        if (!m_ledger) {
            auto ledger = std::make_unique<Ledger>(m_location, m_clock);
            if (Status s = ledger->open(); !s) {
                m_openError = s.error();
                return nullptr;
            }
            m_ledger = std::move(ledger);
        }
        return &m_ledger->reader();
    }
    const Error &openError() const { return m_openError; }

private:
    LedgerLocation m_location;
    Clock &m_clock;
    std::unique_ptr<Ledger> m_ledger;
    Error m_openError;
};

AsyncLedgerReader::AsyncLedgerReader(LedgerLocation location, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_location(std::move(location))
{
    m_worker = new Worker(m_location, clock);
    m_worker->moveToThread(&m_thread);
    // Deleted on its own thread, where its connection was opened.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("ledger reader"));
    m_thread.start(QThread::LowPriority);
}

AsyncLedgerReader::AsyncLedgerReader(LedgerReader &sameThread, QObject *parent)
    : QObject(parent)
    , m_sameThread(&sameThread)
{}

AsyncLedgerReader::~AsyncLedgerReader()
{
    // A read in flight finishes first; its result is not delivered (this
    // object's queued events go with it).
    m_thread.quit();
    m_thread.wait();
}

bool AsyncLedgerReader::isBusy() const
{
    for (const Channel &c : m_channels)
        if (c.inFlight)
            return true;
    return false;
}

void AsyncLedgerReader::submit(const QString &channel, QObject *context, Task task)
{
    Channel &c = m_channels[channel];
    if (c.inFlight) {
        c.waiting = Job{context, std::move(task)};
        return;
    }
    c.inFlight = true;
    dispatch(channel, Job{context, std::move(task)});
}

void AsyncLedgerReader::dispatch(const QString &channel, Job job)
{
    m_channels[channel].context = job.context;
    if (m_sameThread) {
        QMetaObject::invokeMethod(
            this,
            [this, channel, task = std::move(job.task)] {
                finish(channel, task(m_sameThread, Error()));
            },
            Qt::QueuedConnection);
        return;
    }
    Worker *worker = m_worker;
    QMetaObject::invokeMethod(
        m_worker,
        [this, worker, channel, task = std::move(job.task)] {
            // On the reader's thread. `this` is only used to post back: the
            // destructor waits for this thread, so it is alive here.
            std::function<void()> deliver = task(worker->reader(), worker->openError());
            QMetaObject::invokeMethod(
                this, [this, channel, deliver = std::move(deliver)] { finish(channel, deliver); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void AsyncLedgerReader::finish(const QString &channel, const std::function<void()> &deliver)
{
    Channel &c = m_channels[channel];
    const QPointer<QObject> context = c.context;
    c.context.clear();
    std::optional<Job> next = std::move(c.waiting);
    c.waiting.reset();
    c.inFlight = next.has_value();
    // The next read starts before this result is handled, so a done that
    // asks again lands in `waiting` instead of racing this one.
    if (next)
        dispatch(channel, std::move(*next));
    // `c` is not used past here: a done may read on another channel.
    if (context)
        deliver();
    Q_EMIT delivered(channel);
}
