#include "TotalsReader.h"

#include "ledger/Ledger.h"

// Lives on the reader's thread; opens its ledger there on the first read.
class TotalsReader::Worker final : public QObject
{
    Q_OBJECT
public:
    Worker(QString path, Clock &clock)
        : m_path(std::move(path))
        , m_clock(clock)
    {}

public Q_SLOTS:
    void read()
    {
        if (!m_ledger) {
            m_ledger = std::make_unique<Ledger>(m_path, m_clock);
            if (Status s = m_ledger->open(); !s) {
                m_ledger.reset();
                Q_EMIT done({}, s.error().message);
                return;
            }
        }
        const Result<QList<ArtistTotalsModel::Row>> rows = ArtistTotalsModel::read(*m_ledger);
        Q_EMIT done(rows ? *rows : QList<ArtistTotalsModel::Row>(),
                    rows ? QString() : rows.error().message);
    }

Q_SIGNALS:
    void done(const QList<ArtistTotalsModel::Row> &rows, const QString &error);

private:
    QString m_path;
    Clock &m_clock;
    std::unique_ptr<Ledger> m_ledger;
};

TotalsReader::TotalsReader(QString ledgerPath, Clock &clock, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<QList<ArtistTotalsModel::Row>>();
    m_worker = new Worker(std::move(ledgerPath), clock);
    m_worker->moveToThread(&m_thread);
    // Deleted on its own thread, where its ledger connection was opened.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &Worker::done, this, &TotalsReader::onRead);
    m_thread.setObjectName(QStringLiteral("admin totals"));
    m_thread.start(QThread::LowPriority);
}

TotalsReader::~TotalsReader()
{
    m_thread.quit();
    m_thread.wait();
}

void TotalsReader::request()
{
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    QMetaObject::invokeMethod(m_worker, &Worker::read, Qt::QueuedConnection);
}

void TotalsReader::onRead(const QList<ArtistTotalsModel::Row> &rows, const QString &error)
{
    m_busy = false;
    if (!error.isEmpty())
        Q_EMIT readFailed(error);
    else
        Q_EMIT rowsRead(rows);
    // Something committed while reading: these rows may be a little stale
    // already, so one more read follows.
    if (m_again) {
        m_again = false;
        request();
    }
}

#include "TotalsReader.moc"
