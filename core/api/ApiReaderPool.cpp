#include "ApiReaderPool.h"

#include "ledger/Ledger.h"

#include <QThread>

#include <optional>

// Lives on its reader's thread and owns the connection there, opened by
// open() and closed when the thread ends.
class ApiReaderPool::Reader final : public QObject
{
public:
    Reader(LedgerLocation location, Clock &clock)
        : m_location(std::move(location))
        , m_clock(clock)
    {}

    Status open()
    {
        auto ledger = std::make_unique<Ledger>(m_location, m_clock);
        if (Status s = ledger->open(); !s)
            return s;
        m_ledger = std::move(ledger);
        m_stores.emplace(
            ArtistApiStores{m_ledger->tokens(), m_ledger->reader(), m_ledger->meta(), m_clock});
        return {};
    }
    const ArtistApiStores &stores() const { return *m_stores; }

private:
    LedgerLocation m_location;
    Clock &m_clock;
    std::unique_ptr<Ledger> m_ledger;
    std::optional<ArtistApiStores> m_stores;
};

ApiReaderPool::ApiReaderPool(LedgerLocation location, Clock &clock, int threads, QObject *parent)
    : QObject(parent)
    , m_location(std::move(location))
    , m_clock(clock)
{
    for (int i = 0; i < qMax(1, threads); ++i) {
        Slot slot;
        slot.thread = new QThread(this);
        slot.thread->setObjectName(QStringLiteral("api reader %1").arg(i + 1));
        slot.reader = new Reader(m_location, m_clock);
        slot.reader->moveToThread(slot.thread);
        // Deleted on its own thread, where its connection was opened.
        connect(slot.thread, &QThread::finished, slot.reader, &QObject::deleteLater);
        m_readers.append(slot);
    }
}

ApiReaderPool::~ApiReaderPool()
{
    for (const Slot &slot : std::as_const(m_readers))
        slot.thread->quit();
    for (const Slot &slot : std::as_const(m_readers))
        slot.thread->wait();
}

Status ApiReaderPool::open()
{
    if (m_open)
        return {};
    for (const Slot &slot : std::as_const(m_readers))
        slot.thread->start();
    for (const Slot &slot : std::as_const(m_readers)) {
        Status opened;
        Reader *reader = slot.reader;
        QMetaObject::invokeMethod(
            reader, [reader, &opened] { opened = reader->open(); }, Qt::BlockingQueuedConnection);
        if (!opened)
            return opened;
    }
    m_open = true;
    return {};
}

int ApiReaderPool::inFlight() const
{
    int n = 0;
    for (const Slot &slot : m_readers)
        n += slot.inFlight;
    return n;
}

void ApiReaderPool::run(const HttpRequest &request, HttpReply reply, Work work)
{
    Q_ASSERT(m_open);
    qsizetype least = 0;
    for (qsizetype i = 1; i < m_readers.size(); ++i)
        if (m_readers.at(i).inFlight < m_readers.at(least).inFlight)
            least = i;
    Slot &slot = m_readers[least];
    ++slot.inFlight;
    Reader *reader = slot.reader;
    QMetaObject::invokeMethod(
        reader,
        [this, reader, least, request, reply = std::move(reply), work = std::move(work)] {
            // On the reader's thread. `this` is only used to post back: the
            // destructor waits for this thread, so it is alive here.
            HttpReply recorder = HttpReply::recorder();
            work(request, recorder, reader->stores());
            QMetaObject::invokeMethod(
                this,
                [this, least, reply, answer = recorder.answer()]() mutable {
                    --m_readers[least].inFlight;
                    // Every route answers; a bug that did not still gets an
                    // answer rather than a connection left waiting.
                    reply.send(answer.value_or(
                        HttpReply::Answer{500,
                                          QByteArrayLiteral("{\"error\":\"internal error\"}"),
                                          QByteArrayLiteral("application/json"),
                                          {}}));
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}
