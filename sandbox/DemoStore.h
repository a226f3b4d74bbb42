#pragma once

#include "util/Error.h"

#include <QObject>
#include <QString>

#include <memory>

class Clock;
class EngineHost;
class FakeStripe;
class HttpServer;
class Ledger;
class Storefront;
class WebhookSender;

// The whole product in one process, for `payoutdesk demo`: a throw-away
// ledger in a folder of its own, the Stripe simulator (funded, with the
// demo's connected accounts, one of them not ready), the engine in
// development mode with its real webhook receiver on a free loopback port,
// and the simulated storefront posting signed webhooks to it. Nothing here
// reaches Stripe or the user's own store.
class DemoStore final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dataDir;             // must be empty, or a folder an earlier demo made
        quint32 seed = 1;            // the storefront's later bursts
        qint64 fastDelayMs = 30'000; // development mode's rule
        qint64 stepMs = 1'000;       // between two events of a burst
        qint64 burstEveryMs = 45'000;
    };

    // The file that marks a folder as the demo's.
    static inline const QString kMarkerFile = QStringLiteral("PAYOUTDESK-DEMO");

    DemoStore(Options options, Clock &clock, QObject *parent = nullptr);
    ~DemoStore() override;

    // Refuses a folder that holds a store's ledger or settings and was not
    // made by a demo: the demo never writes into a real store.
    static Status checkDataDir(const QString &dir);

    // Starts the simulator, opens the ledger, starts the engine and its
    // receiver, and the storefront's first purchase goes at once.
    Status start();
    // Stops selling and shuts the engine down cleanly.
    void stop();

    const QString &dataDir() const { return m_options.dataDir; }
    QString ledgerPath() const;
    Ledger &ledger() const { return *m_ledger; }
    EngineHost &host() const { return *m_host; }
    FakeStripe &stripe() const { return *m_stripe; }
    Storefront &storefront() const { return *m_storefront; }
    quint16 webhookPort() const { return m_port; }
    // The simulator's test key, for the window's settings.
    static QString stripeKey();

private:
    Options m_options;
    Clock &m_clock;
    QByteArray m_signingSecret;
    quint16 m_port = 0;
    std::unique_ptr<FakeStripe> m_stripe;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<WebhookSender> m_sender;
    std::unique_ptr<Storefront> m_storefront;
};
