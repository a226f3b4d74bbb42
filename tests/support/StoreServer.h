#pragma once

#include "api/ArtistStream.h"
#include "http/HttpServer.h"

#include <QSslConfiguration>
#include <QUrl>

#include <memory>
#include <optional>

class Clock;
class Ledger;

// The store's artist API in this process, as `serve` answers it (README,
// "API"): a real HttpServer on loopback with the artist routes and the live
// stream over a real ledger, told at once of that ledger's own commits.
// stop() takes the store off the network (every connection closes, as when
// serve stops); start() brings it back, on the same port by default.
class StoreServer
{
public:
    StoreServer(Ledger &ledger, Clock &clock, std::optional<QSslConfiguration> tls = {});
    ~StoreServer();

    // The bound port (0: could not bind).
    quint16 start(quint16 port = 0);
    void stop();
    bool running() const { return m_server != nullptr; }
    quint16 port() const { return m_port; }
    QUrl url() const;
    ArtistStreamHub *hub() const { return m_hub; }

    // Makes a self-signed certificate for 127.0.0.1 (and localhost), valid
    // two days, with the openssl command: cert.pem and key.pem in `dir`.
    static bool makeSelfSigned(const QString &dir, QString *certificate, QString *key,
                               QString *problem);
    // The same, loaded as a server's TLS configuration.
    static std::optional<QSslConfiguration> selfSignedTls(const QString &dir, QString *problem);

private:
    Ledger &m_ledger;
    Clock &m_clock;
    std::optional<QSslConfiguration> m_tls;
    std::unique_ptr<HttpServer> m_server;
    ArtistStreamHub *m_hub = nullptr;
    quint16 m_port = 0;
};
