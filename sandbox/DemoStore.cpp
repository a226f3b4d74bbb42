#include "DemoStore.h"

#include "EventDelivery.h"
#include "FakeStripe.h"
#include "Storefront.h"
#include "WebhookSender.h"
#include "config/DataLocation.h"
#include "http/HttpServer.h"
#include "ledger/Ledger.h"
#include "service/EngineHost.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

DemoStore::DemoStore(Options options, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(clock)
{}

DemoStore::~DemoStore()
{
    stop();
    // The engine's threads go before the ledger and the server they use.
    m_storefront.reset();
    m_sender.reset();
    m_host.reset();
    m_server.reset();
}

QString DemoStore::stripeKey()
{
    return QStringLiteral("sk_test_demo_simulated");
}

QString DemoStore::ledgerPath() const
{
    return DataLocation(m_options.dataDir).ledgerPath();
}

Status DemoStore::checkDataDir(const QString &dir)
{
    const DataLocation location(dir);
    const bool hasStore =
        QFileInfo::exists(location.ledgerPath()) || QFileInfo::exists(location.settingsPath());
    if (hasStore && !QFileInfo::exists(QDir(dir).filePath(kMarkerFile)))
        return fail(Error::config(
            QStringLiteral("%1 holds a store's ledger; the demo runs only on an empty folder or "
                           "one an earlier demo made")
                .arg(QDir::toNativeSeparators(dir))));
    return {};
}

Status DemoStore::start()
{
    if (Status s = checkDataDir(m_options.dataDir); !s)
        return s;
    if (!QDir().mkpath(m_options.dataDir))
        return fail(Error::io(QStringLiteral("cannot create %1").arg(m_options.dataDir)));
    QFile marker(QDir(m_options.dataDir).filePath(kMarkerFile));
    if (!marker.open(QIODevice::WriteOnly) ||
        marker.write("A Payout Desk demo store: simulated Stripe, nothing is real.\n") < 0)
        return fail(Error::io(QStringLiteral("cannot write %1").arg(marker.fileName())));
    marker.close();

    m_stripe = std::make_unique<FakeStripe>();
    if (!m_stripe->listen(0))
        return fail(Error::io(QStringLiteral("the Stripe simulator cannot listen on loopback")));
    m_stripe->addApiKey(stripeKey());
    m_stripe->setAvailableBalance(QStringLiteral("gbp"), 500'000); // £5,000.00
    for (const auto &[account, ready] : Storefront::demoAccounts())
        m_stripe->addAccount(account, ready, ready);

    m_ledger = std::make_unique<Ledger>(ledgerPath(), m_clock);
    if (Status s = m_ledger->open(); !s)
        return s;

    EngineHost::Config config;
    config.mode = Scheduler::Mode::Development;
    config.intervals.fastDelayMs = m_options.fastDelayMs;
    config.engine.ledger = LedgerLocation::sqliteFile(ledgerPath());
    config.engine.stripeApiBase = m_stripe->baseUrl();
    config.engine.stripeSecretKey = stripeKey();
    m_signingSecret = EventDelivery::newSigningSecret();
    config.webhookSigningSecret = m_signingSecret;
    m_server = std::make_unique<HttpServer>();
    m_host = std::make_unique<EngineHost>(config, *m_ledger, m_clock);
    if (Status s = m_host->start(m_server.get()); !s)
        return s;
    m_port = m_server->listenLoopback(0);
    if (m_port == 0)
        return fail(Error::io(QStringLiteral("the demo's webhook receiver cannot listen")));

    QUrl url(QStringLiteral("http://127.0.0.1/webhook"));
    url.setPort(m_port);
    m_sender = std::make_unique<WebhookSender>(url, m_signingSecret, m_clock);
    m_storefront = std::make_unique<Storefront>(*m_sender, m_clock, m_stripe.get(), m_options.seed);
    m_storefront->setPace(m_options.stepMs, m_options.burstEveryMs);
    m_storefront->start();
    return {};
}

void DemoStore::stop()
{
    if (m_storefront)
        m_storefront->stop();
    if (m_server)
        m_server->close();
    if (m_host)
        m_host->stop();
}
