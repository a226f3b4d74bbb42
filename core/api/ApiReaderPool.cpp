#include "ApiReaderPool.h"

#include "ledger/Ledger.h"
#include "ledger/TokenStore.h"
#include "util/Clock.h"

#include <QThread>

#include <optional>

// Lives on its reader's thread and owns the connection there, opened by
// open() and closed when the thread ends.
class ApiReaderPool::Reader final : public QObject
{
public:
    Reader(LedgerLocation location, Clock &clock, TokenUseRecorder *uses)
        : m_location(std::move(location))
        , m_clock(clock)
        , m_uses(uses)
    {}

    Status open()
    {
        auto ledger = std::make_unique<Ledger>(m_location, m_clock);
        if (Status s = ledger->open(); !s)
            return s;
        m_ledger = std::move(ledger);
        m_stores.emplace(ArtistApiStores{m_ledger->tokens(), m_ledger->reader(), m_ledger->meta(),
                                         m_clock, m_uses});
        return {};
    }
    const ArtistApiStores &stores() const { return *m_stores; }

private:
    LedgerLocation m_location;
    Clock &m_clock;
    TokenUseRecorder *m_uses;
    std::unique_ptr<Ledger> m_ledger;
    std::optional<ArtistApiStores> m_stores;
};

TokenUseRecorder::TokenUseRecorder(Ledger &ledger, QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TokenUseRecorder::flush);
}

TokenUseRecorder::~TokenUseRecorder()
{
    flush();
}

void TokenUseRecorder::used(const QString &secret)
{
    {
        const QMutexLocker lock(&m_mutex);
        if (m_pending.contains(secret))
            return;
        m_pending.insert(secret);
        if (m_pending.size() > 1)
            return; // the timer is started already
    }
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_timer.isActive())
                m_timer.start(kFlushMs);
        },
        Qt::QueuedConnection);
}

void TokenUseRecorder::flush()
{
    QSet<QString> pending;
    {
        const QMutexLocker lock(&m_mutex);
        pending.swap(m_pending);
    }
    const qint64 now = m_ledger.clock().nowMs();
    for (auto it = m_recent.begin(); it != m_recent.end();)
        it = now - it.value() >= TokenStore::kLastUsedGranularityMs ? m_recent.erase(it) : ++it;
    QStringList due;
    for (const QString &secret : std::as_const(pending))
        if (!m_recent.contains(secret)) // else written less than a minute ago
            due.append(secret);
    if (due.isEmpty())
        return;
    // One commit for all of them, not synced (TokenStore::recordUses): an
    // fsync a second on the answering thread was the tail of its answers.
    // Best effort: a batch that cannot be written now is written later.
    const Status written = m_ledger.tokens().recordUses(due);
    if (written)
        for (const QString &secret : std::as_const(due))
            m_recent.insert(secret, now);
}

ApiReaderPool::ApiReaderPool(LedgerLocation location, Clock &clock, int threads,
                             TokenUseRecorder *uses, QObject *parent)
    : QObject(parent)
    , m_location(std::move(location))
    , m_clock(clock)
    , m_uses(uses)
{
    for (int i = 0; i < qMax(1, threads); ++i) {
        Slot slot;
        slot.thread = new QThread(this);
        slot.thread->setObjectName(QStringLiteral("api reader %1").arg(i + 1));
        slot.reader = new Reader(m_location, m_clock, m_uses);
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
