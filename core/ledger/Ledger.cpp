#include "Ledger.h"

Ledger::Ledger(LedgerLocation location, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_location(std::move(location))
    , m_clock(clock)
{}

Ledger::Ledger(const QString &location, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    Result<LedgerLocation> parsed = LedgerLocation::parse(location);
    if (parsed) {
        m_location = std::move(*parsed);
    } else {
        m_locationOk = false;
        m_locationError = parsed.error();
    }
}

Ledger::~Ledger()
{
    close();
}

Status Ledger::open()
{
    return openBackend(false);
}

Status Ledger::openAsFound()
{
    return openBackend(true);
}

Status Ledger::openBackend(bool asFound)
{
    if (isOpen())
        return {};
    if (!m_locationOk)
        return fail(m_locationError);
    Result<std::unique_ptr<LedgerBackend>> backend = createLedgerBackend(m_location, m_clock);
    if (!backend)
        return fail(backend.error());
    m_backend = std::move(*backend);
    m_backend->setCommitObserver([this] {
        ++m_commits;
        Q_EMIT changed();
    });
    if (Status s = asFound ? m_backend->openAsFound() : m_backend->open(); !s) {
        m_backend.reset();
        return s;
    }
    return {};
}

void Ledger::close()
{
    if (m_backend)
        m_backend->close();
    m_backend.reset();
}

bool Ledger::isOpen() const
{
    return m_backend && m_backend->isOpen();
}

Status Ledger::write(const std::function<Status()> &work)
{
    Q_ASSERT(m_backend);
    return m_backend->transact(work, true);
}

Status Ledger::rehearse(const std::function<Status()> &work)
{
    Q_ASSERT(m_backend);
    return m_backend->transact(work, false);
}
